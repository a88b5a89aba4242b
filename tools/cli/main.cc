// rxlocator: a command-line client for the rxlocator service.
//
//   rxlocator nearest --zip 99503 --limit 5
//   rxlocator nearest --lat 61.19 --lng -149.87 --service drive_thru --json
//   rxlocator nearest --zip 99503 --plan 610014:ABC:GRP1 --preferred-first
//   rxlocator check-network synthetic-mail-1 --plan H4321-001-000
//   rxlocator pharmacy 1740219781
//   rxlocator stock get --pharmacy 1740219781 --drug 00069-1085-30
//   rxlocator stock report counts.csv
//   rxlocator watch --drug 00069-1085-30 --zip 99502 --count 1 --json
//   rxlocator ivr --zip 99503 --count 2 --ssml
//   rxlocator urgent --zip 99503 --plan 610014:ABC:GRP1 --drug paxlovid:20
//   rxlocator health
//   rxlocator reload
//   rxlocator stats
//
// Exit codes: 0 success (for check-network: in network); 1 the server
// answered with an error; 2 bad usage or a stock file the client cannot
// read; 3 the server could not be reached in time; 4 check-network answered
// "not in network"; 5 stock report: the server rejected some rows; 6 urgent
// answered, but with no option that fills every drug. ivr exits 0 whenever
// the server answered, whatever the outcome.
//
// This file holds the usage text and the dispatch to the commands
// (commands.h), one file per command or group of them.
#include <cstdio>
#include <string>

#include "absl/strings/string_view.h"
#include "tools/cli/args.h"
#include "tools/cli/commands.h"
#include "tools/cli/connection.h"
#include "tools/cli/exit_codes.h"

namespace rxlocator::cli {

const char kUsage[] =
    R"(Usage: rxlocator [--server=HOST:PORT] [--json] [--timeout=SECONDS]
                 [TLS and token flags] COMMAND ...

Commands:
  nearest (--zip=ZIP | --lat=DEG --lng=DEG) [--radius-miles=N] [--limit=N]
          [--service=NAME]... [--chain=KEY]... [--exclude-chain=KEY]...
          [--open-now] [--open-for-minutes=N] [--page-token=TOKEN]
          [--plan=PLAN [--preferred-only] [--ninety-day-retail]
           [--preferred-first [--preferred-allowance-miles=N]]]
      Pharmacies nearest first. Services: 24_hour, drive_thru, delivery,
      vaccinations, compounding. With --plan, only pharmacies in the plan's
      network for retail fills, each with its TIER (preferred or standard);
      --preferred-first ranks a preferred pharmacy as if it were N miles
      nearer (default the server's allowance) and says why each ranks where
      it does.
  check-network ID --plan=PLAN [--date=YYYY-MM-DD]
      Whether a pharmacy (id, NPI or NCPDP id) is in the plan's network on
      the date (default today where the pharmacy is), at which tier and for
      which fills. Exits 0 if in network, 4 if not.
  pharmacy ID      One pharmacy by id, NPI or NCPDP id.
  stock get --pharmacy=ID... --drug=NDC...
      The stock of each drug at each pharmacy (id, NPI or NCPDP id): units
      on hand, how far to trust the count (in stock, low, call to confirm,
      out of stock, no data), when it was counted (UTC) and by which feed;
      and a warning while the server's shared inventory is unreachable.
  stock report FILE [--batch=N]
      Sends the counts in FILE, a stock CSV (gzipped or not) with columns
      pharmacy,ndc,quantity,observed_at[,source] as in docs/formats.md
      ("Stock: native snapshot"), to the server, N rows a call (default
      1000, each call within --timeout), and prints how many it applied,
      ignored as older than what it holds (stale), and rejected, with the
      line and reason of each rejection (exit 5 if any). A row without a
      pharmacy, or with an NDC, quantity (a whole number, 0 or more) or
      observed_at (RFC 3339 with a UTC offset, e.g.
      2026-11-22T14:05:00-09:00) that does not parse is listed as FILE:LINE
      and nothing is sent (exit 2). An empty source is the server's default,
      "feed". With --json, the server's answers summed, a rejection's index
      counting the file's rows from 0. Sending a file again is harmless:
      repeated counts are stale.
  watch --drug=NDC (--zip=ZIP | --lat=DEG --lng=DEG) [--radius-miles=N]
        [--plan=PLAN] [--min-quantity=Q] [--count=C]
      A line whenever the drug becomes AVAILABLE (at least Q units, default
      1, counted recently) or RAN OUT at a pharmacy within the radius
      (default 10 miles; in the plan's network for retail fills, if given).
      It opens with where it is available now, those lines marked
      "at start". Runs until interrupted, or until C events; with --json,
      one JSON object a line. --timeout bounds only the wait to connect.
  ivr --zip=ZIP [--plan=PLAN] [--open-now] [--24-hour]
      [--drug=NDC [--min-quantity=Q]] [--count=N] [--ssml | --sms]
      What a phone caller who keyed in ZIP would hear, a paragraph a line:
      the opening, each pharmacy (N of them, default 3, at most 5) and the
      menu. --ssml prints the whole answer as one SSML document instead,
      --sms the text message offered (nothing when there is none), --json
      the response. --plan, --open-now, --24-hour and --drug keep to
      pharmacies in the plan's network, open now, open around the clock,
      and with at least Q units (default 1) of the drug in stock. ZIP is
      sent as keyed: the server answers a mistyped, unknown or military ZIP
      code with speech that says so, and ivr exits 0; every outcome but
      FOUND is also named on stderr ("rxlocator: outcome INVALID_ZIP").
  urgent (--zip=ZIP | --lat=DEG --lng=DEG) --plan=PLAN
         --drug=NDC_OR_NAME[:QUANTITY]... [--need-by=TIME | --within-hours=H]
         [--substitute] [--walk] [--pickup-minutes=M] [--limit=N]
      Where to pick up every drug soonest: pharmacies in the plan's network
      with QUANTITY units of each on hand (default 1), recent counts before
      older ones to call about, reached by car (on foot with --walk) and
      open from the arrival for M minutes at the counter (default 15), all
      before TIME (RFC 3339 with a UTC offset, e.g.
      2026-11-22T20:00:00-09:00) or H hours from now (default 4 hours). A
      drug of digits and hyphens is an NDC, anything else a drug name as
      the catalog has it (ignoring case); --substitute accepts another
      package of the same product. Prints the server's summary, then each
      option and why it is there: COMPLETE (at most N, default 5), or when
      there is none, the fallbacks PARTIAL, SPLIT (two stops), 24-HOUR,
      SPECIALTY, MAIL ORDER and OUT OF NETWORK; for each stop the arrival
      (or "delivers") and each drug's count there. Exits 6 when no option
      fills every drug.
  health           Whether the server is serving.
  reload           Has the server read its data files again (all but the
      stock files: stock held is kept) and serve them if they load; prints
      the data version before and after (the same when no file changed),
      what the new data holds and how long loading took. If a file does
      not load, the server keeps serving the old data and the error names
      the file and line (exit 1). Waits up to 600 seconds unless --timeout
      says otherwise. Sending the server SIGHUP reloads too.
  stats            The server's data version, when it was loaded and in how
      long, what it holds (pharmacies, networks, plans, drugs, ZIP codes),
      the reloads that succeeded and failed (with the last error), the
      stock counts held and whether Redis shares them.

PLAN is a commercial plan as BIN:PCN:GROUP (PCN and GROUP may be empty),
e.g. 610014:ABC:GRP1, or a Medicare Part D plan as CONTRACT-PLAN[-SEGMENT],
e.g. H4321-001-000.
--server defaults to $RXLOCATOR_SERVER or localhost:50051.
TLS: --tls speaks TLS, trusting the system's CAs; --tls-ca=PEM trusts that
CA instead; --tls-cert=PEM --tls-key=PEM present a client certificate
(mutual TLS); --tls-server-name=NAME checks the server's certificate for
NAME rather than the --server host. Any of them turns TLS on.
--token-file=PATH sends the bearer token in that file ("authorization:
Bearer TOKEN"); stock report, reload and stats need it, or a client
certificate the server allows, unless the server lets anyone write.
Exit codes: 0 ok (check-network: in network; ivr: whatever the outcome),
1 error from the server (such as an unknown pharmacy or plan), 2 bad usage
or a stock file that does not parse, 3 server unreachable, 4 check-network:
not in network, 5 stock report: the server rejected some rows (it stored
the others), 6 urgent: no option fills every drug (the fallbacks are
listed).
)";

namespace {

// The commands by the name that picks them, the first positional argument.
struct Command {
  absl::string_view name;
  int (*run)(const Args&, const Connection&);
};
constexpr Command kCommands[] = {{"nearest", Nearest},
                                 {"check-network", CheckNetworkCommand},
                                 {"pharmacy", PharmacyCommand},
                                 {"stock", StockCommand},
                                 {"watch", Watch},
                                 {"ivr", Ivr},
                                 {"urgent", Urgent},
                                 {"health", Health},
                                 {"reload", Reload},
                                 {"stats", Stats}};

int Main(int argc, char** argv) {
  const Args args = ParseArgs(argc, argv);
  if (args.Has("help") || args.positional.empty()) {
    std::printf("%s", kUsage);
    return args.Has("help") ? 0 : kUsageError;
  }
  const Connection connection = Connect(args);
  const std::string& command = args.positional[0];
  for (const Command& c : kCommands) {
    if (c.name == command) return c.run(args, connection);
  }
  Usage("unknown command \"" + command + "\"");
}

}  // namespace
}  // namespace rxlocator::cli

int main(int argc, char** argv) { return rxlocator::cli::Main(argc, argv); }
