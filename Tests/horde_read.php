<?php
// Reads iCalendar files with Horde_Icalendar (PHP, Debian's php-horde-icalendar): a consumer
// that turns zoned times into instants through the file's own VTIMEZONE. For each file given,
// prints one line per VEVENT: file, UID, DTSTART as a UTC instant (or the date for all-day
// events), X-WR-CALNAME of the calendar.
//
// Usage: php Tests/horde_read.php FILE.ics ...
error_reporting(E_ALL & ~E_DEPRECATED & ~E_NOTICE & ~E_WARNING);
require_once 'Horde/Autoloader/Default.php';

foreach (array_slice($argv, 1) as $file) {
    $ical = new Horde_Icalendar();
    if (!$ical->parsevCalendar(file_get_contents($file))) {
        fwrite(STDERR, "$file: Horde_Icalendar could not parse the file\n");
        exit(1);
    }
    try {
        $name = $ical->getAttribute('X-WR-CALNAME');
    } catch (Exception $e) {
        $name = '';
    }
    foreach ($ical->getComponents() as $component) {
        if (!($component instanceof Horde_Icalendar_Vevent)) {
            continue;
        }
        $uid = $component->getAttribute('UID');
        $start = $component->getAttribute('DTSTART');
        if (is_array($start)) {
            $when = sprintf('%04d-%02d-%02d', $start['year'], $start['month'], $start['mday']);
        } else {
            $when = gmdate('Y-m-d\TH:i:s\Z', $start);
        }
        echo "$file\t$uid\t$when\t$name\n";
    }
}
