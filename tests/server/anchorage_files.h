// Small data files for tests that load, and load again, a server's data: a
// native pharmacy file's header and rows near ZIP 99503 in Anchorage, and a
// ZIP table of that one ZIP code (docs/formats.md).
//
//   std::ofstream(path) << kPharmacyHeader << kMidtown << kMail;
//   std::ofstream(zips) << kAnchorageZipTable;
#ifndef RXLOCATOR_TESTS_SERVER_ANCHORAGE_FILES_H_
#define RXLOCATOR_TESTS_SERVER_ANCHORAGE_FILES_H_

namespace rxlocator {

inline constexpr char kPharmacyHeader[] =
    "id,name,zip,latitude,longitude,walk_in\n";
inline constexpr char kMidtown[] =
    "p1,Midtown Pharmacy,99503,61.19,-149.88,Y\n";
// Mail order: not walk-in, so searches near a place leave it out.
inline constexpr char kMail[] =
    "p2,Mail Order Pharmacy,99503,61.20,-149.90,N\n";
inline constexpr char kSpenard[] =
    "p3,Spenard Pharmacy,99503,61.18,-149.92,Y\n";

inline constexpr char kAnchorageZipTable[] =
    "zip,zip_code_type,active,city,state,county,timezone,lat,lng\n"
    "99503,STANDARD,1,Anchorage,AK,Anchorage,America/Anchorage,61.19,"
    "-149.88\n";

}  // namespace rxlocator

#endif  // RXLOCATOR_TESTS_SERVER_ANCHORAGE_FILES_H_
