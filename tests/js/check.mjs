// Thunderbird's parser on the feeds: node check.mjs FILE... prints, for each file, the number of
// VEVENTs and of occurrences it expands to (up to a year after each series' start), as JSON lines;
// a file ical.js cannot read is reported on stderr and the exit status is 1.
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

let failed = false;
for (const file of process.argv.slice(2)) {
  try {
    const calendar = new ICAL.Component(ICAL.parse(readFileSync(file, "utf8")));
    for (const zone of calendar.getAllSubcomponents("vtimezone")) {
      ICAL.TimezoneService.register(new ICAL.Timezone(zone));
    }
    const vevents = calendar.getAllSubcomponents("vevent");
    let occurrences = 0;
    for (const vevent of vevents) {
      const event = new ICAL.Event(vevent);
      if (event.isRecurrenceException()) continue;
      const it = event.iterator();
      let next;
      let guard = 0;
      while ((next = it.next()) && guard++ < 1000) occurrences += 1;
    }
    console.log(JSON.stringify({ file, vevents: vevents.length, occurrences }));
  } catch (error) {
    console.error(`${file}: ${error}`);
    failed = true;
  }
}
process.exit(failed ? 1 : 0);
