#include "index/geo.h"

#include <algorithm>
#include <cmath>

#include "s2/s1angle.h"
#include "s2/s1chord_angle.h"
#include "s2/s2latlng.h"

namespace rxlocator {

S2Point PointFromDegrees(double latitude, double longitude) {
  return S2LatLng::FromDegrees(latitude, longitude).ToPoint();
}

double MetersFromChord2(double chord2) {
  // A chord of length c subtends the angle 2 asin(c / 2).
  const double chord = std::sqrt(std::min(4.0, std::max(0.0, chord2)));
  return 2 * std::asin(0.5 * chord) * kEarthRadiusMeters;
}

double Chord2FromMeters(double meters) {
  const double radians = std::min(M_PI, meters / kEarthRadiusMeters);
  return S1ChordAngle(S1Angle::Radians(radians)).length2();
}

}  // namespace rxlocator
