#!/usr/bin/env python3
"""Build central-asia.geojson, steppe's bundled regional infrastructure network.

Usage (from the repository root, with steppe's shared reference data beside it):
    python3 data/network/build_network.py ../shared/data data/network

Inputs (see README.md for provenance and licences):
  places/ne_10m_populated_places_region.csv   Natural Earth populated places
  rail/osm_rail_stations_kaz_kgz_tjk_tkm_afg.geojson  OSM stations (ODbL)
  rail-osm-west/osm_stations_kaz_tkm_uzb_afg.csv  OSM stations incl. Xinjiang (ODbL)
  pipelines/gem_ggit_gas_pipelines_2023-12_region.geojson  GEM GGIT (CC BY 4.0)
  pipelines/gem_goit_oil_ngl_pipelines_2024-01_region.geojson  GEM GOIT (CC BY 4.0)
  power/agora_ca_ref_interconnector.csv        Agora Energiewende / UCA (CC BY 4.0)

Outputs: central-asia.geojson (lines and named points) and stations.csv (every
station or place used, with coordinates and source). Only the standard library.
"""
import csv
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fit_track  # noqa: E402

SHARED, OUT = sys.argv[1], sys.argv[2]

# ---------------------------------------------------------------- places
NE = {}
with open(os.path.join(SHARED, "places/ne_10m_populated_places_region.csv"), newline="") as f:
    for r in csv.DictReader(f):
        NE[(r["nameascii"], r["adm0_a3"])] = (float(r["lon"]), float(r["lat"]), r["geonameid"])

OSM = {}
with open(os.path.join(SHARED, "rail/osm_rail_stations_kaz_kgz_tjk_tkm_afg.geojson")) as f:
    for ft in json.load(f)["features"]:
        p = ft["properties"]
        OSM[str(p["osm_id"])] = (ft["geometry"]["coordinates"][0], ft["geometry"]["coordinates"][1], p["name"])
# Xinjiang stations: the rail-osm-west extract (OSM, ODbL; see its README)
OSM_WEST = {}
with open(os.path.join(SHARED, "rail-osm-west/osm_stations_kaz_tkm_uzb_afg.csv"), newline="") as f:
    for r in csv.DictReader(f):
        OSM_WEST[r["osm_id"]] = (float(r["lon"]), float(r["lat"]), r["name"])

# name -> (lon, lat, iso3, source); built from three kinds of source:
#   ne(name, iso3)            Natural Earth populated place (city centre)
#   osm(id, name, iso3)       OpenStreetMap station node
#   approx(name, lon, lat, iso3, note)  placed by hand, about +-10 km
ST = {}


def ne(name, iso3, alias=None):
    lon, lat, gid = NE[(name, iso3)]
    ST[alias or name] = (lon, lat, iso3, "Natural Earth 10m populated places: %s (%s)%s" % (name, iso3, ", GeoNames %s" % gid if gid else ""))


def osm(oid, name, iso3, alias=None):
    if oid in OSM:
        lon, lat, nm = OSM[oid]
        ST[alias or name] = (lon, lat, iso3, "OpenStreetMap node %s (%s), via the OSM stations extract" % (oid, nm))
    else:
        lon, lat, nm = OSM_WEST[oid]
        ST[alias or name] = (lon, lat, iso3, "OpenStreetMap node %s (%s), via the rail-osm-west stations extract" % (oid, nm))


def approx(name, lon, lat, iso3, note):
    ST[name] = (lon, lat, iso3, "approximate (about +-10 km), placed by hand: " + note)


for n, c in [("Almaty", "KAZ"), ("Qaraghandy", "KAZ"), ("Taraz", "KAZ"), ("Astana", "KAZ"), ("Pavlodar", "KAZ"),
             ("Semey", "KAZ"), ("Qyzylorda", "KAZ"), ("Aqtobe", "KAZ"), ("Petropavlovsk", "KAZ"),
             ("Oral", "KAZ"), ("Atyrau", "KAZ"), ("Mangyshlak", "KAZ"), ("Kokshetau", "KAZ"), ("Ekibastuz", "KAZ"),
             ("Zhezqazghan", "KAZ"), ("Turkistan", "KAZ"), ("Balqash", "KAZ"), ("Ayakoz", "KAZ"), ("Arys", "KAZ"),
             ("Shu", "KAZ"), ("Aral", "KAZ"), ("Beyneu", "KAZ"), ("Shalqar", "KAZ"), ("Ushtobe", "KAZ"), ("Maqat", "KAZ"),
             ("Qulan", "KAZ"), ("Zhangaozen", "KAZ"), ("Oktyabrsk", "KAZ"), ("Aqtau", "KAZ"),
             ("Bishkek", "KGZ"), ("Osh", "KGZ"), ("Jalal Abad", "KGZ"), ("Balykchy", "KGZ"), ("Kara Balta", "KGZ"),
             ("Toktogul", "KGZ"),
             ("Dushanbe", "TJK"), ("Khujand", "TJK"), ("Konibodom", "TJK"),
             ("Ashgabat", "TKM"), ("Turkmenabat", "TKM"), ("Dasoguz", "TKM"), ("Mary", "TKM"), ("Balkanabat", "TKM"),
             ("Turkmenbasy", "TKM"), ("Tejen", "TKM"),
             ("Tashkent", "UZB"), ("Fargona", "UZB"), ("Namangan", "UZB"), ("Samarqand", "UZB"), ("Andijon", "UZB"),
             ("Qarshi", "UZB"), ("Qoqon", "UZB"), ("Bukhara", "UZB"), ("Jizzax", "UZB"), ("Nukus", "UZB"),
             ("Denow", "UZB"), ("Navoi", "UZB"), ("Angren", "UZB"), ("Termiz", "UZB"), ("Urgentch", "UZB"),
             ("Kogon", "UZB"), ("Guliston", "UZB"), ("Qunghirot", "UZB"),
             ("Kabul", "AFG"), ("Jalalabad", "AFG"), ("Herat", "AFG"), ("Mazar-e Sharif", "AFG"), ("Andkhvoy", "AFG"),
             ("Pol-e Khomri", "AFG"),
             ("Baku", "AZE"), ("Ganca", "AZE"), ("Tbilisi", "GEO"), ("Urumqi", "CHN"), ("Yining", "CHN"),
             ("Tehran", "IRN"), ("Mashhad", "IRN"), ("Gorgan", "IRN"), ("Peshawar", "PAK"),
             ("Samara", "RUS"), ("Omsk", "RUS"), ("Chelyabinsk", "RUS"), ("Ufa", "RUS"), ("Volgograd", "RUS"),
             ("Saratov", "RUS"), ("Barnaul", "RUS"), ("Orenburg", "RUS"), ("Astrakhan", "RUS"), ("Kurgan", "RUS"),
             ("Novosibirsk", "RUS"), ("Rubtsovsk", "RUS"), ("Troitsk", "RUS"), ("Kartaly", "RUS"), ("Isikul", "RUS"),
             ("Sol-lletsk", "RUS")]:
    ne(n, c)
# Natural Earth spells Kostanay "Oostanay" (a typo for Qostanay)
ne("Oostanay", "KAZ", alias="Kostanay")
# Southern Xinjiang railway (Turpan-Korla-Aksu-Kashgar) and its Urumqi end
for n in ["Kashgar", "Aksu", "Kuqa", "Korla", "Turpan"]:
    ne(n, "CHN", alias=n + " city")

osm("2398686424", "Serhetyaka", "TKM")
osm("2699667319", "Bereket", "TKM")
osm("3415481009", "Etrek", "TKM")
osm("2945785088", "Sarahs", "TKM")
osm("2945770452", "Serhetabat", "TKM")
osm("8896042393", "Kerki", "TKM")
osm("9787590349", "Ymamnazar", "TKM")
osm("1584542559", "Koytendag", "TKM")
osm("9808853340", "Sherobod", "UZB")  # "Sherobod Sement", filed under Turkmenistan in the OSM extract; Sherobod is in Uzbekistan
osm("1588243848", "Farap", "TKM")
osm("3145091074", "Gazojak", "TKM")
osm("2156280927", "Duyeli", "TKM")
osm("8343443849", "Farhod", "UZB")  # the OSM extract files it under Tajikistan; on the Natural Earth 1:50m border it falls in Uzbekistan
osm("304534916", "Xonobod", "UZB")  # Khanabad, Andijan region (filed under Kyrgyzstan in the OSM extract)
osm("9014392589", "Taza Omid", "AFG", alias="Hairatan")

approx("Moscow", 37.62, 55.75, "RUS", "Moscow city centre; gateway of the Northern corridor to European Russia and the EU")
approx("Makhachkala", 47.50, 42.98, "RUS", "Makhachkala station")
approx("Derbent", 48.29, 42.06, "RUS", "Derbent station")
approx("Kulunda", 78.94, 52.57, "RUS", "Kulunda junction (Pavlodar-Barnaul line)")
approx("Kars", 43.10, 40.60, "TUR", "Kars station, Turkish end of the Baku-Tbilisi-Kars railway")
approx("Akhalkalaki", 43.48, 41.40, "GEO", "Akhalkalaki, Baku-Tbilisi-Kars railway")
approx("Poti", 41.67, 42.15, "GEO", "Port of Poti, Black Sea")
approx("Alat", 49.42, 39.94, "AZE", "Baku International Sea Trade Port at Alat")
approx("Astara AZE", 48.87, 38.44, "AZE", "Astara (Azerbaijan) station")
approx("Bandar Abbas", 56.27, 27.19, "IRN", "Port of Shahid Rajaee, Bandar Abbas")
approx("Bafq", 55.42, 31.61, "IRN", "Bafq junction (Mashhad-Bafq railway)")
approx("Inche Burun", 54.71, 37.41, "IRN", "Inche Burun border station, KTI railway")
approx("Sarakhs IRN", 61.16, 36.54, "IRN", "Sarakhs (Iran) station")
approx("Khaf", 60.14, 34.57, "IRN", "Khaf station, Khaf-Herat railway")
approx("Torbat-e Heydarieh", 59.22, 35.27, "IRN", "Torbat-e Heydarieh station")
approx("Kashgar", 75.99, 39.47, "CHN", "Kashgar station, southern Xinjiang railway")
osm("2662698004", "Aksu", "CHN")
osm("7319308250", "Korla", "CHN")
osm("2662698086", "Baluntai", "CHN")
approx("Artux", 76.17, 39.71, "CHN", "shape point: Artux (Atush), Southern Xinjiang railway")
approx("Bachu", 78.55, 39.78, "CHN", "shape point: Maralbexi (Bachu), Southern Xinjiang railway")
approx("Xinhe", 82.61, 41.55, "CHN", "shape point: Toksu (Xinhe), Southern Xinjiang railway")
approx("Luntai", 84.25, 41.78, "CHN", "shape point: Luntai (Bugur), Southern Xinjiang railway")
approx("Yanqi", 86.57, 42.06, "CHN", "shape point: Yanqi, Southern Xinjiang railway")
approx("Hejing", 86.39, 42.32, "CHN", "shape point: Hejing, Southern Xinjiang railway")
approx("Toksun", 88.65, 42.79, "CHN", "shape point: Toksun, Southern Xinjiang railway")
approx("Alashankou", 82.57, 45.17, "CHN", "Alashankou station, China side of Dostyk-Alashankou")
approx("Khorgos CHN", 80.42, 44.21, "CHN", "Khorgos station, China side of Altynkol-Khorgos")
approx("Tacheng", 82.98, 46.75, "CHN", "Tacheng (Bakhty-Tacheng crossing)")
approx("Dostyk", 82.48, 45.25, "KAZ", "Dostyk station, Kazakh side of Dostyk-Alashankou")
approx("Altynkol", 80.31, 44.19, "KAZ", "Altynkol station, Kazakh side of Altynkol-Khorgos")
approx("Aktogay", 79.62, 46.95, "KAZ", "Aktogay junction (Turksib, Dostyk branch)")
approx("Moyinty", 73.36, 47.20, "KAZ", "Moyinty junction")
approx("Saryagash", 69.15, 41.46, "KAZ", "Saryagash border station (to Tashkent)")
approx("Bakhty", 82.70, 46.65, "KAZ", "Bakhty border crossing")
approx("Aktau port", 51.17, 43.60, "KAZ", "Aktau sea port")
approx("Kuryk", 51.66, 43.18, "KAZ", "Port Kuryk ferry complex")
approx("Turkmenbashi port", 52.99, 40.01, "TKM", "Turkmenbashi International Sea Port")
approx("Guzar", 66.25, 38.62, "UZB", "Guzar junction (Karshi-Termez line)")
approx("Kumkurgan", 67.58, 37.83, "UZB", "Kumkurgan station (Guzar-Kumkurgan line, 2007)")
approx("Uchkuduk", 63.55, 42.16, "UZB", "Uchkuduk station (Navoi-Uchkuduk-Nukus line)")
approx("Pap", 71.10, 40.89, "UZB", "Pap station, east end of the Angren-Pap line (Kamchik tunnel, 2016)")
approx("Tursunzoda", 68.23, 38.51, "TJK", "Tursunzoda (Regar) station")
approx("Aqina", 64.95, 37.08, "AFG", "Aqina border station (Kerki-Aqina railway)")
approx("Turgundi", 62.28, 35.15, "AFG", "Torghundi border station, put about 8 km south so that it lies in Afghanistan on the generalised Natural Earth 1:50m border")
approx("Torugart", 75.36, 40.59, "KGZ", "Torugart pass, Kyrgyz side, about 5 km north-west of the pass so that it lies in Kyrgyzstan on the 1:50m border (on the planned CKU railway; the road crossing to China)")
approx("Makmal", 73.95, 41.30, "KGZ", "Makmal (shape point of the planned CKU railway)")
approx("Kamchik pass", 70.52, 41.10, "UZB", "shape point: the Angren-Pap line crosses the Kamchik pass inside Uzbekistan")
approx("Shahristan pass", 68.95, 39.60, "TJK", "shape point: Dushanbe-Khujand links run over the Anzob and Shahristan passes inside Tajikistan")
approx("Tejen valley", 61.22, 36.72, "TKM", "shape point: the Tejen-Sarakhs line runs on the Turkmen bank of the Tejen river")

# ---------------------------------------------------------------- rail lines
# (id, name, status, gauge, stations, source/notes). Gauge 1520 unless noted;
# "1520/1435" marks a line with a break of gauge at a border.
RAIL = [
    ("rail-transsib-kaz", "Trans-Siberian Railway through North Kazakhstan", "existing", "1520",
     ["Kurgan", "Petropavlovsk", "Isikul", "Omsk"], "Trans-Siberian main line: Kurgan-Petropavl-Isilkul-Omsk, crossing North Kazakhstan"),
    ("rail-ru-transsib-west", "Trans-Siberian Railway (Kurgan-Moscow)", "existing", "1520",
     ["Kurgan", "Chelyabinsk", "Ufa", "Samara", "Moscow"], "Trans-Siberian (southern branch via Chelyabinsk-Ufa-Samara)"),
    ("rail-ru-transsib-east", "Trans-Siberian Railway (Omsk-Novosibirsk)", "existing", "1520",
     ["Omsk", "Novosibirsk"], "Trans-Siberian main line"),
    ("rail-ru-turksib-north", "Novosibirsk-Barnaul (Turksib north end)", "existing", "1520",
     ["Novosibirsk", "Barnaul"], "Turkestan-Siberia railway, Russian section"),
    ("rail-astana-petropavl", "Astana-Kokshetau-Petropavl", "existing", "1520",
     ["Astana", "Kokshetau", "Petropavlovsk"], "Kazakhstan Temir Zholy main line"),
    ("rail-astana-pavlodar", "Astana-Ekibastuz-Pavlodar", "existing", "1520",
     ["Astana", "Ekibastuz", "Pavlodar"], "KTZ main line"),
    ("rail-pavlodar-kulunda", "Pavlodar-Kulunda-Barnaul", "existing", "1520",
     ["Pavlodar", "Kulunda", "Barnaul"], "South Siberian railway link"),
    ("rail-central-kaz", "Astana-Karaganda-Moyinty-Shu", "existing", "1520",
     ["Astana", "Qaraghandy", "Moyinty", "Shu"], "Trans-Kazakhstan north-south trunk (Petropavl-Astana-Karaganda-Shu)"),
    ("rail-moyinty-balkhash", "Moyinty-Balkhash", "existing", "1520", ["Moyinty", "Balqash"], "branch to Balkhash"),
    ("rail-moyinty-aktogay", "Moyinty-Kyzylzhar-Aktogay (Dostyk-Moyinty corridor)", "existing", "1520",
     ["Moyinty", "Aktogay"], "Moyinty-Aktogay section of the Dostyk-Moyinty corridor, the shortcut from the Chinese border to central Kazakhstan"),
    ("rail-turksib", "Turkestan-Siberia Railway (Semey-Almaty)", "existing", "1520",
     ["Semey", "Ayakoz", "Aktogay", "Ushtobe", "Almaty"], "Turksib"),
    ("rail-semey-rubtsovsk", "Semey-Rubtsovsk-Barnaul (Turksib)", "existing", "1520",
     ["Semey", "Rubtsovsk", "Barnaul"], "Turksib, Kazakh-Russian section"),
    ("rail-dostyk-alashankou", "Aktogay-Dostyk-Alashankou", "existing", "1520/1435",
     ["Aktogay", "Dostyk", "Alashankou"], "first Kazakhstan-China rail crossing (1990); break of gauge at Dostyk/Alashankou"),
    ("rail-cn-alashankou-urumqi", "Alashankou-Urumqi (Northern Xinjiang railway)", "existing", "1435",
     ["Alashankou", "Urumqi"], "China Railway, Northern Xinjiang line"),
    ("rail-altynkol-khorgos", "Zhetygen-Altynkol-Khorgos", "existing", "1520/1435",
     ["Almaty", "Altynkol", "Khorgos CHN"], "Zhetygen-Altynkol line (2012) and Khorgos crossing; break of gauge"),
    ("rail-cn-khorgos-urumqi", "Khorgos-Yining-Urumqi (Jinghe-Yining-Khorgos railway)", "existing", "1435",
     ["Khorgos CHN", "Yining", "Urumqi"], "China Railway"),
    ("rail-cn-kashgar-urumqi", "Kashgar-Urumqi (Southern Xinjiang railway)", "existing", "1435",
     ["Kashgar", "Artux", "Bachu", "Aksu", "Xinhe", "Kuqa city", "Luntai", "Korla", "Yanqi", "Hejing", "Baluntai",
      "Toksun", "Turpan city", "Urumqi"],
     "China Railway, Southern Xinjiang railway (Turpan-Kashgar, 1,446 km) and the Lanzhou-Xinjiang railway from Turpan to Urumqi"
     " (143 km): 1,588 km Urumqi-Kashgar by the station distance table of Wikipedia's Southern Xinjiang railway article;"
     " placed through its stations (OSM Aksu, Korla, Baluntai; Natural Earth Kuqa, Turpan; hand-placed shape points)"),
    ("rail-bakhty-tacheng", "Ayagoz-Bakhty-Tacheng", "planned", "1520/1435",
     ["Ayakoz", "Bakhty", "Tacheng"], "planned third Kazakhstan-China rail crossing (Kazakhstan Temir Zholy project)"),
    ("rail-turksib-south", "Turksib south (Almaty-Shu-Lugovaya-Taraz-Shymkent-Arys)", "existing", "1520",
     ["Almaty", "Shu", "Qulan", "Taraz", "Arys"], "Turksib southern section"),
    ("rail-lugovaya-bishkek", "Lugovaya-Bishkek-Balykchy", "existing", "1520",
     ["Qulan", "Kara Balta", "Bishkek", "Balykchy"], "Kyrgyz northern line from Lugovaya (Kulan)"),
    ("rail-arys-tashkent", "Arys-Saryagash-Tashkent", "existing", "1520",
     ["Arys", "Saryagash", "Tashkent"], "Kazakhstan-Uzbekistan crossing at Saryagash/Keles"),
    ("rail-trans-aral", "Trans-Aral Railway (Arys-Kyzylorda-Aral-Kandyagash-Aktobe)", "existing", "1520",
     ["Arys", "Turkistan", "Qyzylorda", "Aral", "Shalqar", "Oktyabrsk", "Aqtobe"], "Orenburg-Tashkent (Trans-Aral) railway"),
    ("rail-aktobe-orenburg", "Aktobe-Iletsk-Orenburg", "existing", "1520", ["Aqtobe", "Sol-lletsk", "Orenburg"], "Trans-Aral railway, Russian end"),
    ("rail-ru-orenburg-samara", "Orenburg-Samara", "existing", "1520", ["Orenburg", "Samara"], "Russian Railways"),
    ("rail-oral", "Saratov-Uralsk-Iletsk", "existing", "1520", ["Saratov", "Oral", "Sol-lletsk"], "Ryazan-Ural railway through West Kazakhstan"),
    ("rail-ru-saratov-moscow", "Saratov-Moscow", "existing", "1520", ["Saratov", "Moscow"], "Russian Railways"),
    ("rail-kostanay", "Kostanay-Troitsk-Chelyabinsk", "existing", "1520", ["Kostanay", "Troitsk", "Chelyabinsk"], "South Ural railway"),
    ("rail-kostanay-kartaly", "Kostanay-Kartaly", "existing", "1520", ["Kostanay", "Kartaly", "Chelyabinsk"], "South Ural railway (via Tobol)"),
    ("rail-kostanay-astana", "Kostanay-Esil-Astana", "existing", "1520", ["Kostanay", "Astana"], "Tobol-Esil-Astana line"),
    ("rail-atyrau-astrakhan", "Atyrau-Ganyushkino-Astrakhan", "existing", "1520", ["Atyrau", "Astrakhan"], "Atyrau-Astrakhan railway"),
    ("rail-atyrau-kandyagash", "Atyrau-Makat-Kandyagash", "existing", "1520", ["Atyrau", "Maqat", "Oktyabrsk"], "KTZ"),
    ("rail-makat-aktau", "Makat-Beyneu-Mangyshlak", "existing", "1520", ["Maqat", "Beyneu", "Mangyshlak"], "KTZ Mangyshlak line"),
    ("rail-aktau-port", "Mangyshlak-Aktau port", "existing", "1520", ["Mangyshlak", "Aktau port"], "port access"),
    ("rail-kuryk", "Mangyshlak-Kuryk", "existing", "1520", ["Mangyshlak", "Kuryk"], "access to the Port Kuryk ferry complex (2016)"),
    ("rail-beyneu-zhezkazgan", "Beyneu-Shalkar-Zhezkazgan", "existing", "1520",
     ["Beyneu", "Shalqar", "Zhezqazghan"], "Zhezkazgan-Beyneu railway (2014)"),
    ("rail-zhezkazgan-karaganda", "Zhezkazgan-Karaganda", "existing", "1520", ["Zhezqazghan", "Qaraghandy"], "KTZ"),
    ("rail-kti", "Kazakhstan-Turkmenistan-Iran railway", "existing", "1520/1435",
     ["Mangyshlak", "Zhangaozen", "Serhetyaka", "Bereket", "Etrek", "Inche Burun", "Gorgan"],
     "North-South Transnational Corridor (2014): Uzen-Bolashak-Serhetyaka-Bereket-Etrek-Gorgan; break of gauge in Iran"),
    ("rail-ir-gorgan-tehran", "Gorgan-Sari-Tehran", "existing", "1435", ["Gorgan", "Tehran"], "Trans-Iranian railway"),
    ("rail-ir-mashhad-tehran", "Mashhad-Tehran", "existing", "1435", ["Mashhad", "Tehran"], "Iranian Railways"),
    ("rail-ir-tehran-bandar-abbas", "Tehran-Bafq-Bandar Abbas", "existing", "1435", ["Tehran", "Bafq", "Bandar Abbas"], "Iranian Railways"),
    ("rail-ir-mashhad-bafq", "Mashhad-Bafq", "existing", "1435", ["Mashhad", "Bafq"], "Mashhad-Bafq railway (2009)"),
    ("rail-tm-main", "Trans-Caspian Railway (Turkmenbashi-Ashgabat-Mary-Turkmenabat)", "existing", "1520",
     ["Turkmenbashi port", "Turkmenbasy", "Balkanabat", "Bereket", "Ashgabat", "Tejen", "Mary", "Turkmenabat"], "Trans-Caspian railway"),
    ("rail-tm-sarakhs", "Tejen-Sarakhs-Mashhad", "existing", "1520/1435",
     ["Tejen", "Tejen valley", "Sarahs", "Sarakhs IRN", "Mashhad"], "Tejen-Sarakhs-Mashhad railway (1996); break of gauge at Sarakhs"),
    ("rail-tm-serhetabat", "Mary-Serhetabat-Turgundi", "existing", "1520",
     ["Mary", "Serhetabat", "Turgundi"], "Murghab line and its short extension to Torghundi, Afghanistan"),
    ("rail-tm-kerki-aqina", "Kerki-Ymamnazar-Aqina-Andkhoy", "existing", "1520",
     ["Kerki", "Ymamnazar", "Aqina", "Andkhvoy"], "Kerki-Aqina railway (2016), extended to Andkhoy (2021)"),
    ("rail-tm-turkmenabat-kerki", "Turkmenabat-Kerki", "existing", "1520", ["Turkmenabat", "Kerki"], "Amu Darya line"),
    ("rail-tm-kerki-termez", "Kerki-Kelif-Termez", "existing", "1520", ["Kerki", "Koytendag", "Sherobod", "Termiz"], "Amu Darya line (Bukhara-Kerki-Termez) through Kelif, Turkmen section and its Uzbek end via Sherobod"),
    ("rail-tm-transkarakum", "Trans-Karakum railway (Ashgabat-Dashoguz)", "existing", "1520",
     ["Ashgabat", "Duyeli", "Dasoguz"], "Trans-Karakum railway (2006)"),
    ("rail-amu-darya", "Turkmenabat-Dashoguz-Urgench-Nukus-Kungrad", "existing", "1520",
     ["Turkmenabat", "Gazojak", "Dasoguz", "Urgentch", "Nukus", "Qunghirot"], "Chardzhou-Kungrad line along the Amu Darya, crossing the Turkmen-Uzbek border"),
    ("rail-beyneu-kungrad", "Beyneu-Oazis-Kungrad", "existing", "1520", ["Beyneu", "Qunghirot"], "Kazakhstan-Uzbekistan crossing at Oazis/Karakalpakstan"),
    ("rail-uz-navoi-nukus", "Navoi-Uchkuduk-Miskin-Nukus", "existing", "1520", ["Navoi", "Uchkuduk", "Nukus"], "Uchkuduk-Miskin line (2001)"),
    ("rail-uz-main", "Tashkent-Samarkand-Bukhara-Turkmenabat", "existing", "1520",
     ["Tashkent", "Guliston", "Jizzax", "Samarqand", "Navoi", "Kogon", "Farap", "Turkmenabat"], "Central Asian railway main line"),
    ("rail-uz-karshi", "Kogon-Karshi-Guzar-Kumkurgan-Termez", "existing", "1520",
     ["Kogon", "Qarshi", "Guzar", "Kumkurgan", "Termiz"], "Karshi-Termez line (Guzar-Kumkurgan, 2007)"),
    ("rail-termez-mazar", "Termez-Hairatan-Mazar-i-Sharif", "existing", "1520",
     ["Termiz", "Hairatan", "Mazar-e Sharif"], "Hairatan-Mazar-i-Sharif railway (2011)"),
    ("rail-termez-dushanbe", "Kumkurgan-Tursunzoda-Dushanbe", "existing", "1520",
     ["Kumkurgan", "Denow", "Tursunzoda", "Dushanbe"], "Uzbekistan-Tajikistan line via Sariosiyo/Tursunzoda"),
    ("rail-fergana", "Khavast-Khujand-Kokand-Andijan", "existing", "1520",
     ["Guliston", "Farhod", "Khujand", "Konibodom", "Qoqon", "Fargona", "Andijon"], "Fergana Valley line through northern Tajikistan"),
    ("rail-angren-pap", "Tashkent-Angren-Pap-Namangan-Andijan", "existing", "1520",
     ["Tashkent", "Angren", "Kamchik pass", "Pap", "Namangan", "Andijon"], "Angren-Pap line with the Kamchik tunnel (2016)"),
    ("rail-andijan-osh", "Andijan-Osh", "existing", "1520", ["Andijon", "Osh"], "Kara-Suu-Osh line"),
    ("rail-andijan-jalalabad", "Andijan-Khanabad-Jalal-Abad", "existing", "1520", ["Andijon", "Xonobod", "Jalal Abad"], "southern Kyrgyz line"),
    ("rail-cku", "China-Kyrgyzstan-Uzbekistan railway", "construction", "1435",
     ["Kashgar", "Torugart", "Makmal", "Jalal Abad", "Andijon"],
     "intergovernmental agreement of 6 June 2024; construction launched 27 December 2024; route Kashgar-Torugart-Makmal-Jalal-Abad-Andijan"),
    ("rail-transafghan", "Trans-Afghan railway (Mazar-i-Sharif-Kabul-Peshawar)", "planned", "1520/1435",
     ["Mazar-e Sharif", "Pol-e Khomri", "Kabul", "Jalalabad", "Peshawar"], "Uzbekistan-Afghanistan-Pakistan framework agreement (2023); placeholder alignment through Kabul"),
    ("rail-khaf-herat", "Khaf-Herat railway", "construction", "1435",
     ["Mashhad", "Torbat-e Heydarieh", "Khaf", "Herat"], "Khaf-Herat railway: first sections open since 2020, the last section to Herat not complete"),
    ("rail-az-main", "Baku-Ganja-Tbilisi", "existing", "1520", ["Baku", "Alat", "Ganca", "Tbilisi"], "Azerbaijan Railways main line"),
    ("rail-btk", "Baku-Tbilisi-Kars railway", "existing", "1520/1435", ["Tbilisi", "Akhalkalaki", "Kars"], "BTK railway (2017); break of gauge at Akhalkalaki"),
    ("rail-ge-poti", "Tbilisi-Poti", "existing", "1520", ["Tbilisi", "Poti"], "Georgian Railway"),
    ("rail-az-ru", "Baku-Derbent-Makhachkala-Astrakhan", "existing", "1520",
     ["Baku", "Derbent", "Makhachkala", "Astrakhan"], "western route of the International North-South Transport Corridor"),
    ("rail-ru-astrakhan-volgograd", "Astrakhan-Volgograd-Saratov", "existing", "1520", ["Astrakhan", "Volgograd", "Saratov"], "Russian Railways"),
    ("rail-az-astara", "Alat-Astara", "existing", "1520", ["Alat", "Astara AZE"], "Azerbaijan Railways southern line (to the Iranian border)"),
]

FERRY = [
    ("ferry-aktau-baku", "Caspian ferry Aktau-Baku (Alat)", ["Aktau port", "Alat"], "Middle Corridor rail/ro-ro ferry"),
    ("ferry-kuryk-alat", "Caspian ferry Kuryk-Alat", ["Kuryk", "Alat"], "Middle Corridor rail ferry from Port Kuryk"),
    ("ferry-turkmenbashi-baku", "Caspian ferry Turkmenbashi-Baku (Alat)", ["Turkmenbashi port", "Alat"], "ferry from Turkmenbashi"),
]

ROAD = [
    ("road-salang", "Mazar-i-Sharif-Salang-Kabul-Torkham-Peshawar road", "existing",
     ["Mazar-e Sharif", "Pol-e Khomri", "Kabul", "Jalalabad", "Peshawar"], "AH76/AH1: the road link of the southern route through Afghanistan to Pakistani ports"),
]

# ---------------------------------------------------------------- power
AG = {}
with open(os.path.join(SHARED, "power/agora_ca_ref_interconnector.csv"), newline="") as f:
    for r in csv.DictReader(f):
        AG[r["link"]] = float(r["p_nom"])


def agora(link):
    return AG[link], "Agora Energiewende and University of Central Asia (2026), PyPSA-SPICE Central Asia, ref scenario, interconnector %s p_nom (existing MW)" % link


POWER = [
    # (id, name, status, stations, capacity MW or None, source)
    ("power-kz-north-south", "Kazakhstan North-South 500 kV transit", "existing", ["Ekibastuz", "Qaraghandy", "Shu"]) + agora("KZ_NR_HVELEC_to_KZ_SO_HVELEC"),
    ("power-kz-astana", "Ekibastuz-Astana 500 kV", "existing", ["Ekibastuz", "Astana"], None, "KEGOC national grid (domestic link to the capital)"),
    ("power-kz-kg", "Kazakhstan South-Kyrgyzstan interconnection (CAPS 500 kV)", "existing", ["Shu", "Bishkek"]) + agora("KZ_SO_HVELEC_to_KG_KG_HVELEC"),
    ("power-uz-kg", "Uzbekistan-Kyrgyzstan interconnection (CAPS)", "existing", ["Andijon", "Osh"]) + agora("UZ_UZ_HVELEC_to_KG_KG_HVELEC"),
    ("power-kg-datka-kemin", "Datka-Kemin 500 kV (Kyrgyz north-south)", "existing", ["Jalal Abad", "Toktogul", "Bishkek"], None, "Datka-Kemin 500 kV line (2015)"),
    ("power-kz-uz", "Kazakhstan-Uzbekistan interconnection (CAPS 500 kV ring)", "existing", ["Shu", "Taraz", "Arys", "Tashkent"], None, "CAPS 500 kV ring Zhambyl-Shymkent-Tashkent; Agora model lists the KZ_SO-UZ link with p_nom 0"),
    ("power-uz-ring", "Uzbekistan 500 kV backbone", "existing", ["Tashkent", "Guliston", "Samarqand", "Navoi", "Bukhara"], None, "Uzbekistan national grid"),
    ("power-uz-south", "Uzbekistan southern 500/220 kV", "existing", ["Samarqand", "Qarshi", "Guzar", "Termiz"], None, "Uzbekistan national grid (Guzar-Surkhan)"),
    ("power-uz-fergana", "Tashkent-Fergana 500 kV", "existing", ["Tashkent", "Angren", "Kamchik pass", "Namangan", "Andijon"], None, "Uzbekistan national grid"),
    ("power-uz-tj", "Guzar-Regar 500 kV (Uzbekistan-Tajikistan)", "existing", ["Guzar", "Tursunzoda"], None, "CAPS link restored 2018"),
    ("power-tj-south-north", "Tajikistan South-North 500 kV", "existing", ["Dushanbe", "Shahristan pass", "Khujand"], None, "South-North line (2009)"),
    ("power-tj-regar", "Regar-Dushanbe", "existing", ["Tursunzoda", "Dushanbe"], None, "Tajik grid"),
    ("power-tj-af", "Sangtuda-Puli Khumri 220 kV", "existing", ["Dushanbe", "Pol-e Khomri"], None, "Tajikistan-Afghanistan 220 kV export line"),
    ("power-uz-af", "Surkhan-Puli Khumri 220 kV", "existing", ["Termiz", "Mazar-e Sharif", "Pol-e Khomri"], None, "Uzbekistan-Afghanistan 220 kV export line"),
    ("power-uz-tm", "Uzbekistan-Turkmenistan interconnection", "existing", ["Bukhara", "Turkmenabat"], None, "Central Asian Power System link"),
    ("power-tm-main", "Turkmenistan 500 kV backbone", "existing", ["Turkmenabat", "Mary", "Ashgabat", "Balkanabat"], None, "Turkmen grid"),
    ("power-tm-ir", "Turkmenistan-Iran interconnection", "existing", ["Mary", "Mashhad"], None, "Mary-Mashhad export line"),
    ("power-tm-af", "Turkmenistan-Afghanistan 220 kV", "existing", ["Mary", "Serhetabat", "Herat"], None, "Serhetabat-Herat export line"),
    ("power-kz-ru-north", "Ekibastuz-Omsk 500 kV (Kazakhstan-Russia)", "existing", ["Ekibastuz", "Omsk"], None, "North Kazakhstan grid runs synchronously with Russia's UES"),
    ("power-kz-ru-west", "West Kazakhstan-Russia ties", "existing", ["Oral", "Samara"], None, "West Kazakhstan zone is supplied through Russia's Volga grid"),
    ("power-casa1000", "CASA-1000 HVDC (Kyrgyzstan-Tajikistan-Afghanistan-Pakistan)", "construction", ["Jalal Abad", "Khujand", "Shahristan pass", "Dushanbe", "Kabul", "Peshawar"], 1300.0, "CASA-1000 project: 1,300 MW HVDC, Datka-Khujand-Sangtuda-Kabul-Peshawar"),
]

# ---------------------------------------------------------------- pipelines (GEM)
GAS = {
    "P2299": "gas-cac-china-a", "P2300": "gas-cac-china-b", "P1124": "gas-cac-china-c", "P2030": "gas-cac-china-d",
    "P2291": "gas-cac-2", "P2292": "gas-cac-3", "P5770": "gas-cac-4", "P5771": "gas-cac-5",
    "P2289": "gas-bukhara-ural-1", "P5695": "gas-bukhara-ural-2", "P0739": "gas-btba", "P5810": "gas-btba-kg",
    "P3273": "gas-beineu-bozoy-shymkent", "P5788": "gas-beineu-bozoy-shymkent-2", "P0742": "gas-dauletabad-khangiran",
    "P0749": "gas-korpeje-kordkuy", "P0745": "gas-tm-east-west", "P0766": "gas-tapi", "P0764": "gas-transcaspian",
    "P2492": "gas-okarem-beyneu", "P4932": "gas-cn-wegp3", "P1476": "gas-makat-north-caucasus",
    "P0791": "gas-orenburg-novopskov", "P3955": "gas-kartaly-kostanay", "P3956": "gas-gazli-shymkent",
    "P5410": "gas-russia-kaz-china", "P0751": "gas-az-ru", "P0759": "gas-scp", "P0748": "gas-az-ir",
    "P3300": "gas-saryarka", "P4073": "gas-gazli-nukus", "P2290": "gas-gazli-kagan",
}
OIL = {
    "P0646": "oil-cpc", "P0649": "oil-uas", "P0648": "oil-kaz-china-atasu", "P5197": "oil-kaz-china-kenkiyak-kumkol",
    "P5198": "oil-kenkiyak-atyrau", "P5201": "oil-kumkol-karakoin", "P5138": "oil-pavlodar-shymkent",
    "P2363": "oil-omsk-pavlodar", "P0644": "oil-btc", "P0645": "oil-baku-novorossiysk", "P5194": "oil-ozen-aktau",
    "P5193": "oil-kalamkas-aktau", "P0888": "oil-cn-alashankou-dushanzi",
}


# Direction of flow of the pipelines whose direction matters for exports,
# relative to the GEM geometry as drawn (forward: along it; reverse:
# against it); every other line carries both ways (properties.flow absent).
# Each reason is the source's description of the line (GEM wiki page named
# in the feature's source, or as stated).
FLOW = {
    "oil-omsk-pavlodar": ("forward", "imports West Siberian crude from Omsk to the Pavlodar refinery and for transit to China (GEM wiki; KazTransOil)"),
    "oil-cpc": ("forward", "exports Tengiz and Karachaganak crude to Novorossiysk (GEM wiki; CPC)"),
    "oil-uas": ("reverse", "drawn from Samara; carries Kazakh crude Uzen-Atyrau-Samara into the Transneft system (GEM wiki)"),
    "oil-kaz-china-atasu": ("forward", "carries Kazakh and Russian transit crude to China (GEM wiki)"),
    "oil-kaz-china-kenkiyak-kumkol": ("forward", "western section of the Kazakhstan-China pipeline, flowing east (GEM wiki)"),
    "oil-cn-alashankou-dushanzi": ("forward", "carries crude from the border at Alashankou to the Dushanzi refinery (GEM wiki)"),
    "oil-btc": ("forward", "carries Caspian crude from Sangachal to Ceyhan (GEM wiki)"),
    "oil-baku-novorossiysk": ("forward", "carries Azerbaijani crude from Baku to Novorossiysk (GEM wiki)"),
    "oil-ozen-aktau": ("forward", "carries Ozen and Zhetybay crude to Aktau port (GEM wiki)"),
    "oil-kalamkas-aktau": ("forward", "carries Kalamkas and Karazhanbas crude to Aktau port (GEM wiki)"),
    "gas-cac-china-a": ("forward", "Turkmen, Uzbek and Kazakh gas to China (GEM wiki)"),
    "gas-cac-china-b": ("forward", "Turkmen, Uzbek and Kazakh gas to China (GEM wiki)"),
    "gas-cac-china-c": ("forward", "Turkmen, Uzbek and Kazakh gas to China (GEM wiki)"),
    "gas-cac-china-d": ("forward", "Turkmen gas to China through Uzbekistan, Tajikistan and Kyrgyzstan (GEM wiki)"),
    "gas-cn-wegp3": ("forward", "carries Central Asian gas from Khorgos east (GEM wiki)"),
    "gas-dauletabad-khangiran": ("forward", "Turkmen gas exports to Iran (GEM wiki)"),
    "gas-korpeje-kordkuy": ("forward", "Turkmen gas exports to Iran (GEM wiki)"),
    "gas-makat-north-caucasus": ("forward", "carries Central Asian gas from Makat into Russia (GEM wiki)"),
    "gas-okarem-beyneu": ("reverse", "drawn from Beyneu; carries Turkmen gas north from Okarem to Beyneu (GEM wiki)"),
    "gas-kartaly-kostanay": ("forward", "supplies Russian gas from Kartaly to Rudny and Kostanay (GEM wiki)"),
    "gas-russia-kaz-china": ("forward", "proposed route for Russian gas to China across Kazakhstan (GEM wiki)"),
    "gas-tapi": ("forward", "proposed Turkmen gas exports to Afghanistan, Pakistan and India (GEM wiki)"),
    "gas-transcaspian": ("reverse", "drawn from Azerbaijan; proposed Turkmen gas exports to Azerbaijan (GEM wiki)"),
    "gas-scp": ("forward", "Azerbaijani gas to Georgia and Turkey (GEM wiki)"),
}
# Left both ways, as their sources say: the Central Asia-Center (CAC-2 to 5)
# and Bukhara-Ural lines, reversed since October 2023 to carry Russian gas
# to Uzbekistan and Kazakhstan (Gazprom, 7 October 2023), which used to carry
# Central Asian gas north; domestic lines; power interconnectors
# (synchronous AC, flows both ways).


def r5(c):
    return [round(c[0], 4), round(c[1], 4)]


def gem(path, table, mode, cap_fn):
    out = []
    with open(path) as f:
        fc = json.load(f)
    for ft in fc["features"]:
        p = ft["properties"]
        pid = p["ProjectID"]
        if pid not in table:
            continue
        g = ft["geometry"]
        coords = g["coordinates"]
        if g["type"] == "LineString":
            coords = [coords]
        name = p.get("PipeName") or p.get("PipelineName")
        seg = p.get("SegName") or p.get("SegmentName")
        if seg:
            name = "%s (%s)" % (name, seg)
        cap, unit = cap_fn(p)
        props = {"mode": mode, "status": p["Status"], "name": name,
                 "source": "Global Energy Monitor, %s, ProjectID %s (%s)" % (
                     "Global Gas Infrastructure Tracker Dec 2023" if mode == "gas" else "Global Oil Infrastructure Tracker Jan 2024", pid, p.get("Wiki") or "")}
        if cap is not None:
            props["capacity"] = cap
            props["capacity_unit"] = unit
        if table[pid] in FLOW:
            props["flow"], why = FLOW[table[pid]]
            props["source"] += "; flow %s: %s" % (props["flow"], why)
        out.append({"type": "Feature", "id": table[pid], "properties": props,
                    "geometry": {"type": "MultiLineString", "coordinates": [[r5(c) for c in part] for part in coords]}})
    missing = set(table) - {f["properties"]["source"].split("ProjectID ")[1].split(" ")[0] for f in out}
    if missing:
        raise SystemExit("GEM ids not found: %s" % sorted(missing))
    return out


def gas_cap(p):
    v = p.get("CapacBcm/y")
    try:
        return float(v), "bcm/y"
    except (TypeError, ValueError):
        return None, None


def oil_cap(p):
    v = p.get("CapacityBOEd")
    try:
        x = float(str(v).replace(",", ""))
        return (x, "boe/d") if x > 0 else (None, None)
    except (TypeError, ValueError):
        return None, None


# ---------------------------------------------------------------- assemble
feats = []
used = set()


SHAPE_ONLY = {"Makmal", "Tejen valley", "Kamchik pass", "Shahristan pass", "Artux", "Bachu", "Xinhe", "Luntai", "Yanqi",
              "Hejing", "Toksun", "Kuqa city", "Turpan city"}
TRACK = fit_track.Track(SHARED)
FIT_LOG = []  # (line id, from, to, "track" or "placeholder", km)


def line(fid, mode, status, name, stops, source, gauge=None, cap=None, unit=None):
    for s in stops:
        used.add(s)
    props = {"mode": mode, "status": status, "name": name, "source": source + "; stations: " + ", ".join(stops)}
    if mode == "rail":
        # fitted to the OSM track where the track is there (fit_track.py);
        # the pairs that do not fit stay straight and are listed
        coords, ph, track_km, ph_km, pairs = fit_track.fit_line(TRACK, stops, lambda s: ST[s][:2], SHAPE_ONLY)
        FIT_LOG.extend((fid,) + p for p in pairs)
        fitted = [p for p in pairs if p[2] == "track"]
        if not fitted:
            props["geometry"] = "schematic"
            coords = [list(ST[s][:2]) for s in stops]
        else:
            props["geometry"] = "traced" if not ph else "partial"
            props["track_km"] = round(track_km, 3)
            props["source"] += "; geometry: OpenStreetMap track (ODbL; rail-osm-west and rail extracts, fit_track.py) " + \
                ", ".join("%s-%s" % (a, b) for a, b, _, _ in fitted)
            if ph:
                props["placeholder_segments"] = ph
                props["placeholder_km"] = round(ph_km, 3)
                props["source"] += "; straight placeholder (no track in the extracts) " + \
                    ", ".join("%s-%s" % (a, b) for a, b, k, _ in pairs if k != "track")
    else:
        # station-placed: straight between stations, a placeholder for the track
        coords = [list(ST[s][:2]) for s in stops]
        props["geometry"] = "schematic"
    if gauge:
        props["gauge"] = gauge
    if cap is not None:
        props["capacity"] = cap
        props["capacity_unit"] = unit
    feats.append({"type": "Feature", "id": fid, "properties": props, "geometry": {"type": "LineString", "coordinates": coords}})


for fid, name, status, gauge, stops, src in RAIL:
    line(fid, "rail", status, name, stops, src, gauge=gauge)
for fid, name, stops, src in FERRY:
    line(fid, "ferry", "existing", name, stops, src)
for fid, name, status, stops, src in ROAD:
    line(fid, "road", status, name, stops, src)
for fid, name, status, stops, cap, src in POWER:
    line(fid, "power", status, name, stops, src, cap=cap, unit="MW" if cap is not None else None)
feats += gem(os.path.join(SHARED, "pipelines/gem_ggit_gas_pipelines_2023-12_region.geojson"), GAS, "gas", gas_cap)
feats += gem(os.path.join(SHARED, "pipelines/gem_goit_oil_ngl_pipelines_2024-01_region.geojson"), OIL, "oil", oil_cap)


def end_of(fid, first):
    for f in feats:
        if f.get("id") == fid:
            parts = f["geometry"]["coordinates"]
            return parts[0][0] if first else parts[-1][-1]
    raise SystemExit("no feature " + fid)


# Connectors that the GEM geometry leaves open (each documented in README.md).
feats.append({"type": "Feature", "id": "gas-khorgos-link", "properties": {
    "mode": "gas", "status": "existing", "name": "Khorgos link: Central Asia-China Lines A-C to West-East Gas Pipeline",
    "capacity": 55.0, "capacity_unit": "bcm/y", "flow": "forward", "geometry": "schematic",
    "source": "connector added by steppe: GEM ends Lines A-C at Khorgos (Kazakh side) and starts WEGP3 6 km away on the Chinese side; capacity = Lines A+B+C (15+15+25 bcm/y, GEM P2299, P2300, P1124)"},
    "geometry": {"type": "LineString", "coordinates": [end_of("gas-cac-china-a", False), end_of("gas-cn-wegp3", True)]}})
feats.append({"type": "Feature", "id": "oil-tanker-aktau-baku", "properties": {
    "mode": "oil", "status": "existing", "name": "Caspian tankers Aktau-Sangachal (Kazakh crude into BTC)",
    "capacity": 30123.0, "capacity_unit": "boe/d", "flow": "forward", "geometry": "schematic",
    "source": "KazMunayGas-SOCAR arrangement (2023) to ship 1.5 Mt/y of Kazakh crude by tanker from Aktau into the Baku-Tbilisi-Ceyhan pipeline; 1.5 Mt/y x 7.33 bbl/t / 365 = 30,123 boe/d; ends at the GEM end points of oil-ozen-aktau and oil-btc"},
    "geometry": {"type": "LineString", "coordinates": [end_of("oil-ozen-aktau", False), end_of("oil-btc", True)]}})

CAPITALS = {"Astana": "KAZ", "Tashkent": "UZB", "Bishkek": "KGZ", "Dushanbe": "TJK", "Ashgabat": "TKM"}
PORTS = {"Aktau port", "Kuryk", "Turkmenbashi port", "Alat", "Baku", "Poti", "Bandar Abbas"}
GATEWAYS = {"Moscow": "northern", "Kars": "middle", "Poti": "middle", "Bandar Abbas": "southern-iran",
            "Peshawar": "southern-afghanistan", "Urumqi": "china", "Kashgar": "china"}
for name in sorted(used):
    if name in SHAPE_ONLY:
        continue
    lon, lat, iso3, src = ST[name]
    kind = "station"
    props = {"name": name, "iso3": iso3, "source": src}
    if name in CAPITALS:
        kind = "capital"
        props["capital_of"] = CAPITALS[name]
    elif name in GATEWAYS:
        kind = "gateway"
    elif name in PORTS:
        kind = "port"
    if name in GATEWAYS:
        props["corridor"] = GATEWAYS[name]
        if GATEWAYS[name] != "northern":
            # the Middle Corridor and the southern routes are defined as the
            # routes that do not cross Russia
            props["corridor_avoid"] = "RUS"
    props["kind"] = kind
    feats.append({"type": "Feature", "properties": props, "geometry": {"type": "Point", "coordinates": [lon, lat]}})

fc = {"type": "FeatureCollection", "name": "steppe-central-asia-network",
      "note": "Generated by build_network.py; see README.md for sources and licences (OSM ODbL, GEM CC BY 4.0, Natural Earth public domain).",
      "features": feats}
with open(os.path.join(OUT, "central-asia.geojson"), "w") as f:
    json.dump(fc, f, ensure_ascii=False, separators=(",", ":"))
    f.write("\n")
with open(os.path.join(OUT, "track_fit.csv"), "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["line", "from", "to", "geometry", "km"])
    for fid, a, b, kind, km in FIT_LOG:
        w.writerow([fid, a, b, kind, "%.1f" % km])
with open(os.path.join(OUT, "stations.csv"), "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["name", "lon", "lat", "iso3", "source"])
    for name in sorted(used):
        lon, lat, iso3, src = ST[name]
        w.writerow([name, lon, lat, iso3, src])
print("features:", len(feats), "stations:", len(used))
