// Distances on a spherical Earth, and the conversions the index needs.
//
// The index compares squared chord lengths between unit vectors (cheap, no
// trigonometry, and monotone in the great-circle distance); only results are
// converted to meters.
#ifndef RXLOCATOR_INDEX_GEO_H_
#define RXLOCATOR_INDEX_GEO_H_

#include "s2/s2point.h"

namespace rxlocator {

// The same radius S2 uses (S2Earth::RadiusMeters()).
inline constexpr double kEarthRadiusMeters = 6371010.0;

// The unit vector of a point given in degrees.
S2Point PointFromDegrees(double latitude, double longitude);

// Squared chord length between two unit vectors; 0 to 4.
inline double Chord2(const S2Point& a, const S2Point& b) {
  const double dx = a.x() - b.x(), dy = a.y() - b.y(), dz = a.z() - b.z();
  return dx * dx + dy * dy + dz * dz;
}

// Great-circle distance in meters for a squared chord length, and back.
double MetersFromChord2(double chord2);
double Chord2FromMeters(double meters);

}  // namespace rxlocator

#endif  // RXLOCATOR_INDEX_GEO_H_
