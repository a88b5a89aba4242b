#!/usr/bin/env python3
"""Time-zone oracle for opening_hours_test: answers from Python's zoneinfo.

Reads queries from the file named by argv[1], one per line, and writes one
answer line per query to stdout, in order:

  i ZONE UNIX_SECONDS      ->  LOCAL UTC_OFFSET_SECONDS
      The wall-clock time (YYYY-MM-DDTHH:MM:SS) and UTC offset of an instant.

  c ZONE Y M D H MIN       ->  UNIX_SECONDS LOCAL
      The instant a wall-clock time means under the rxlocator model: its
      first occurrence if the clock shows it twice, the instant of the
      transition if the clock skips it; and that instant's wall-clock time.

How the "c" answer is found (PEP 495 semantics of fold): for a wall-clock
time that occurs once, fold=0 and fold=1 give the same UTC instant. For a
repeated time, both round-trip (UTC back to the same wall time) and fold=0
is the earlier one, the first occurrence. For a skipped time neither
round-trips; fold=1 (the offset after the gap) gives an instant before the
transition and fold=0 (the offset before it) one after, so the transition is
the first whole second in (fold=1, fold=0] whose UTC offset differs from the
one at the fold=1 instant, found by bisection.

Standard library only.
"""

import datetime
import sys
import zoneinfo

UTC = datetime.timezone.utc


def local_text(instant, zone):
    return datetime.datetime.fromtimestamp(instant, zone).strftime(
        "%Y-%m-%dT%H:%M:%S")


def offset_at(instant, zone):
    return int(datetime.datetime.fromtimestamp(instant, zone)
               .utcoffset().total_seconds())


def model_instant(zone, wall):
    first = int(wall.replace(tzinfo=zone, fold=0).timestamp())
    second = int(wall.replace(tzinfo=zone, fold=1).timestamp())
    wall_text = wall.strftime("%Y-%m-%dT%H:%M:%S")
    if local_text(first, zone) == wall_text:
        return min(first, second) if local_text(
            second, zone) == wall_text else first
    # Skipped: bisect for the transition between the two candidates.
    low, high = min(first, second), max(first, second)
    before = offset_at(low, zone)
    while high - low > 1:
        mid = (low + high) // 2
        if offset_at(mid, zone) == before:
            low = mid
        else:
            high = mid
    return high


def main():
    zones = {}
    out = []
    with open(sys.argv[1]) as queries:
        for line in queries:
            fields = line.split()
            if not fields:
                continue
            name = fields[1]
            if name not in zones:
                zones[name] = zoneinfo.ZoneInfo(name)
            zone = zones[name]
            if fields[0] == "i":
                instant = int(fields[2])
                out.append(f"{local_text(instant, zone)} "
                           f"{offset_at(instant, zone)}")
            elif fields[0] == "c":
                y, mo, d, h, mi = (int(f) for f in fields[2:7])
                instant = model_instant(zone,
                                        datetime.datetime(y, mo, d, h, mi))
                out.append(f"{instant} {local_text(instant, zone)}")
            else:
                sys.exit(f"bad query: {line!r}")
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
