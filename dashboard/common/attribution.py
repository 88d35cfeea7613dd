"""Attribution lines the Open Government Licence requires (data/README, section 1)."""

ONS = "Source: Office for National Statistics licensed under the Open Government Licence v.3.0"
OS_2024 = "Contains OS data © Crown copyright and database right 2024"
OS_2021 = "Contains OS data © Crown copyright and database right 2021"
OS_2016 = "Contains OS data © Crown copyright and database right 2016"
MHCLG = ("Contains public sector information licensed under the Open Government Licence v3.0. "
         "Source: Ministry of Housing, Communities and Local Government, English Indices of "
         "Deprivation 2025.")
FINGERTIPS = ("Contains public sector information licensed under the Open Government Licence "
              "v3.0. Source: Office for Health Improvement and Disparities (formerly Public "
              "Health England), Fingertips public health profiles, "
              "https://fingertips.phe.org.uk")
ROYAL_MAIL_2024 = "Contains Royal Mail data © Royal Mail copyright and database right 2024"
GEOPLACE_2024 = ("Contains GeoPlace data © Local Government Information House Limited copyright "
                 "and database right 2024")
# The four lines the ONS asks for with its postcode products (NSPL, August 2024), shown
# wherever postcode search is offered (data/SOURCES.md, section 1).
POSTCODE_LINES = [ONS, OS_2024, ROYAL_MAIL_2024, GEOPLACE_2024]
POSTCODE_SOURCE = "ONS National Statistics Postcode Lookup (NSPL), August 2024"
OGL_URL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"

REQUIRED_LINES = [ONS, OS_2024, OS_2021, OS_2016, MHCLG, FINGERTIPS]
BOUNDARY_LINES = {
    "lad": OS_2024, "ctyua": OS_2024, "region": OS_2024, "lsoa": OS_2021, "topology": OS_2016,
}


def producer_line(source_org: str | None) -> str:
    """'Source: <organisation>' under OGL v3, for each series' producer."""
    return f"Source: {source_org or 'Office for National Statistics'}, Open Government Licence v3.0"
