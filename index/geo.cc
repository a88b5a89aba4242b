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
  const double chord2_clamped = std::min(4.0, std::max(0.0, chord2));
  return S1ChordAngle::FromLength2(chord2_clamped).radians() *
         kEarthRadiusMeters;
}

double Chord2FromMeters(double meters) {
  const double radians = std::min(M_PI, meters / kEarthRadiusMeters);
  return S1ChordAngle(S1Angle::Radians(radians)).length2();
}

}  // namespace rxlocator
