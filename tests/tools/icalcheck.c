/* libical's view of iCalendar files: parse each one and run its restriction check (RFC 5545/5546
   rules on which properties a component may, must or must not have); print every X-LIC-ERROR.
   Exit status 1 if any file has one. Built and run by tests/test_feed_clients.py. */
#include <libical/ical.h>
#include <stdio.h>
#include <stdlib.h>

static int report(icalcomponent *c, const char *file) {
    int found = 0;
    for (icalproperty *p = icalcomponent_get_first_property(c, ICAL_XLICERROR_PROPERTY); p;
         p = icalcomponent_get_next_property(c, ICAL_XLICERROR_PROPERTY)) {
        printf("%s: %s: %s\n", file, icalcomponent_kind_to_string(icalcomponent_isa(c)),
               icalproperty_get_xlicerror(p));
        found = 1;
    }
    for (icalcomponent *s = icalcomponent_get_first_component(c, ICAL_ANY_COMPONENT); s;
         s = icalcomponent_get_next_component(c, ICAL_ANY_COMPONENT)) {
        found |= report(s, file);
    }
    return found;
}

int main(int argc, char **argv) {
    int bad = 0;
    for (int i = 1; i < argc; i++) {
        FILE *f = fopen(argv[i], "rb");
        if (!f) { printf("%s: cannot open\n", argv[i]); bad = 1; continue; }
        fseek(f, 0, SEEK_END);
        long size = ftell(f);
        fseek(f, 0, SEEK_SET);
        char *text = malloc(size + 1);
        size_t got = fread(text, 1, size, f);
        text[got] = '\0';
        fclose(f);
        icalcomponent *c = icalparser_parse_string(text);
        free(text);
        if (!c) { printf("%s: cannot parse\n", argv[i]); bad = 1; continue; }
        icalrestriction_check(c);
        bad |= report(c, argv[i]);
        icalcomponent_free(c);
    }
    return bad;
}
