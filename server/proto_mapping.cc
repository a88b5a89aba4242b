#include "server/proto_mapping.h"

#include <utility>

namespace rxlocator {
namespace {

constexpr std::pair<Service, v1::Service> kServices[] = {
    {Service::kTwentyFourHour, v1::SERVICE_TWENTY_FOUR_HOUR},
    {Service::kDriveThru, v1::SERVICE_DRIVE_THRU},
    {Service::kDelivery, v1::SERVICE_DELIVERY},
    {Service::kVaccinations, v1::SERVICE_VACCINATIONS},
    {Service::kCompounding, v1::SERVICE_COMPOUNDING},
};

}  // namespace

void PharmacyToProto(const Pharmacy& p, v1::Pharmacy* out) {
  out->set_id(p.id);
  out->set_name(p.name);
  out->set_npi(p.npi);
  out->set_ncpdp_id(p.ncpdp_id);
  v1::PostalAddress* address = out->mutable_address();
  address->set_line1(p.address.line1);
  address->set_line2(p.address.line2);
  address->set_city(p.address.city);
  address->set_state(p.address.state);
  address->set_zip_code(p.address.zip);
  out->set_phone(p.phone);
  out->mutable_location()->set_latitude(p.latitude);
  out->mutable_location()->set_longitude(p.longitude);
  out->set_time_zone(p.time_zone);
  for (const auto& [bit, api] : kServices) {
    if (p.services & Bit(bit)) out->add_services(api);
  }
  out->set_chain(p.chain);
}

std::optional<Service> ServiceFromProto(int value) {
  for (const auto& [bit, api] : kServices) {
    if (api == value) return bit;
  }
  return std::nullopt;
}

}  // namespace rxlocator
