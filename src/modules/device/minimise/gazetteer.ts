/**
 * World places for the minimiser, written from general knowledge: countries (short English
 * names and a few common others), US states, Canadian provinces, Australian states, and capitals
 * and large or well-known cities. Lower case; several words joined by single spaces.
 */

const lines = (s: string) =>
  s
    .split(/[\n;]/)
    .map((x) => x.trim())
    .filter(Boolean);

export const COUNTRIES = lines(`
afghanistan; albania; algeria; andorra; angola; antigua and barbuda; argentina; armenia; australia; austria
azerbaijan; bahamas; bahrain; bangladesh; barbados; belarus; belgium; belize; benin; bhutan; bolivia
bosnia and herzegovina; bosnia; botswana; brazil; brunei; bulgaria; burkina faso; burundi; cambodia; cameroon
canada; cape verde; central african republic; chad; chile; china; colombia; comoros; congo; costa rica
côte d'ivoire; ivory coast; croatia; cuba; cyprus; czech republic; czechia; denmark; djibouti; dominica
dominican republic; east timor; ecuador; egypt; el salvador; equatorial guinea; eritrea; estonia; eswatini
ethiopia; fiji; finland; france; gabon; gambia; georgia; germany; ghana; greece; grenada; guatemala; guinea
guinea-bissau; guyana; haiti; honduras; hungary; iceland; india; indonesia; iran; iraq; ireland; israel
italy; jamaica; japan; jordan; kazakhstan; kenya; kiribati; kosovo; kuwait; kyrgyzstan; laos; latvia; lebanon
lesotho; liberia; libya; liechtenstein; lithuania; luxembourg; madagascar; malawi; malaysia; maldives; mali
malta; marshall islands; mauritania; mauritius; mexico; micronesia; moldova; monaco; mongolia; montenegro
morocco; mozambique; myanmar; burma; namibia; nauru; nepal; netherlands; the netherlands; holland; new zealand
nicaragua; niger; nigeria; north korea; north macedonia; macedonia; norway; oman; pakistan; palau; palestine
panama; papua new guinea; paraguay; peru; philippines; the philippines; poland; portugal; qatar; romania
russia; rwanda; saint lucia; samoa; san marino; saudi arabia; senegal; serbia; seychelles; sierra leone
singapore; slovakia; slovenia; solomon islands; somalia; south africa; south korea; korea; south sudan; spain
sri lanka; sudan; suriname; sweden; switzerland; syria; taiwan; tajikistan; tanzania; thailand; togo; tonga
trinidad and tobago; tunisia; turkey; türkiye; turkmenistan; tuvalu; uganda; ukraine; united arab emirates; uae
united kingdom; uk; great britain; britain; england; scotland; wales; northern ireland; united states
united states of america; usa; u.s.a.; u.s.; america; uruguay; uzbekistan; vanuatu; vatican city; venezuela
vietnam; viet nam; yemen; zambia; zimbabwe; hong kong; macau; puerto rico; greenland; scandinavia; europe
africa; asia; latin america; south america; north america; middle east; caribbean; siberia; patagonia
`);

/** US states (and DC), Canadian provinces and territories, Australian states and territories. */
export const REGIONS = lines(`
alabama; alaska; arizona; arkansas; california; colorado; connecticut; delaware; florida; georgia; hawaii
idaho; illinois; indiana; iowa; kansas; kentucky; louisiana; maine; maryland; massachusetts; michigan
minnesota; mississippi; missouri; montana; nebraska; nevada; new hampshire; new jersey; new mexico; new york
north carolina; north dakota; ohio; oklahoma; oregon; pennsylvania; rhode island; south carolina
south dakota; tennessee; texas; utah; vermont; virginia; washington; west virginia; wisconsin; wyoming
district of columbia; washington dc; washington d.c.; alberta; british columbia; manitoba; new brunswick
newfoundland; newfoundland and labrador; nova scotia; ontario; prince edward island; quebec; québec
saskatchewan; yukon; nunavut; northwest territories; new south wales; queensland; victoria; tasmania
western australia; south australia; northern territory; australian capital territory; bavaria; bayern
catalonia; cataluña; andalusia; tuscany; lombardy; sicily; sardinia; provence; normandy; brittany
flanders; wallonia; punjab; kerala; gujarat; maharashtra; tamil nadu; karnataka; bengal; west bengal
kashmir; lagos state; gauteng; kwazulu-natal; ontario; silicon valley; long island; new england
`);

/** Two-letter US state and Canadian province codes and Australian state codes, read only in an address. */
export const REGION_CODES = new Set(
  (
    'AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK OR ' +
    'PA RI SC SD TN TX UT VT VA WA WV WI WY DC PR AB BC MB NB NL NS NT NU ON PE QC SK YT NSW VIC QLD SA WA TAS ACT NT'
  ).split(' '),
);

export const CITIES = lines(`
new york; new york city; nyc; los angeles; la; chicago; houston; phoenix; philadelphia; san antonio; san diego
dallas; san jose; austin; jacksonville; fort worth; columbus; charlotte; san francisco; indianapolis; seattle
denver; boston; el paso; nashville; detroit; oklahoma city; portland; las vegas; memphis; louisville
baltimore; milwaukee; albuquerque; tucson; fresno; sacramento; kansas city; mesa; atlanta; omaha; colorado springs
raleigh; miami; long beach; virginia beach; oakland; minneapolis; tulsa; tampa; arlington; new orleans
wichita; cleveland; bakersfield; aurora; anaheim; honolulu; santa ana; riverside; corpus christi; lexington
pittsburgh; anchorage; stockton; cincinnati; saint paul; st. paul; st paul; st. louis; st louis; toledo
newark; greensboro; plano; henderson; lincoln; buffalo; fort wayne; jersey city; chula vista; orlando
norfolk; chandler; laredo; madison; durham; lubbock; winston-salem; garland; glendale; hialeah; reno
baton rouge; irvine; chesapeake; scottsdale; boise; spokane; richmond; des moines; salt lake city; providence
hartford; albany; springfield; savannah; charleston; birmingham; little rock; jackson; montgomery; knoxville
dayton; akron; rochester; syracuse; tallahassee; trenton; annapolis; harrisburg; pasadena; berkeley; palo alto
brooklyn; manhattan; queens; the bronx; bronx; staten island; hollywood; beverly hills; santa monica; miami beach
toronto; montreal; montréal; vancouver; calgary; edmonton; ottawa; winnipeg; quebec city; hamilton; halifax
victoria; saskatoon; regina; st. john's; kitchener; london; mississauga; brampton; surrey
sydney; melbourne; brisbane; perth; adelaide; canberra; hobart; darwin; gold coast; newcastle; wollongong; geelong
cairns; townsville; auckland; wellington; christchurch; dunedin; hamilton
dublin; cork; galway; limerick; waterford; kilkenny; drogheda; dundalk; sligo; killarney
paris; marseille; lyon; toulouse; nice; nantes; strasbourg; montpellier; bordeaux; lille; rennes; grenoble
berlin; hamburg; munich; münchen; cologne; köln; frankfurt; frankfurt am main; stuttgart; düsseldorf; dortmund
essen; leipzig; bremen; dresden; hanover; hannover; nuremberg; nürnberg; heidelberg; bonn; mannheim
vienna; wien; salzburg; innsbruck; graz; zurich; zürich; geneva; genève; basel; bern; lausanne; lucerne
amsterdam; rotterdam; the hague; utrecht; eindhoven; brussels; bruxelles; antwerp; ghent; bruges; luxembourg
madrid; barcelona; valencia; seville; sevilla; zaragoza; málaga; malaga; bilbao; palma; granada; ibiza
lisbon; lisboa; porto; faro; rome; roma; milan; milano; naples; napoli; turin; torino; florence; firenze
venice; venezia; genoa; genova; bologna; palermo; verona; pisa; bari
copenhagen; københavn; aarhus; stockholm; gothenburg; göteborg; malmö; oslo; bergen; helsinki; tampere
reykjavik; warsaw; warszawa; kraków; krakow; cracow; gdańsk; gdansk; wrocław; wroclaw; poznań; łódź; lodz
prague; praha; brno; bratislava; budapest; bucharest; cluj-napoca; sofia; belgrade; zagreb; split
ljubljana; sarajevo; skopje; tirana; athens; thessaloniki; istanbul; ankara; izmir; antalya; nicosia
kyiv; kiev; lviv; odesa; odessa; kharkiv; minsk; vilnius; riga; tallinn; moscow; st petersburg
st. petersburg; saint petersburg; novosibirsk; chisinau; tbilisi; yerevan; baku
cairo; alexandria; casablanca; marrakech; rabat; tunis; algiers; tripoli; lagos; abuja; kano; ibadan
accra; kumasi; dakar; abidjan; nairobi; mombasa; addis ababa; kampala; kigali; dar es salaam; zanzibar
johannesburg; cape town; durban; pretoria; harare; lusaka; luanda; kinshasa; khartoum; mogadishu
dubai; abu dhabi; doha; riyadh; jeddah; mecca; medina; kuwait city; muscat; manama; tehran; baghdad
damascus; beirut; amman; jerusalem; tel aviv; haifa; gaza
mumbai; bombay; delhi; new delhi; bangalore; bengaluru; hyderabad; chennai; madras; kolkata; calcutta
pune; ahmedabad; jaipur; lucknow; kochi; goa; karachi; lahore; islamabad; rawalpindi; peshawar; dhaka
chittagong; kathmandu; colombo; kabul
beijing; shanghai; guangzhou; shenzhen; chengdu; chongqing; wuhan; hangzhou; nanjing; xi'an; tianjin
hong kong; taipei; tokyo; osaka; kyoto; yokohama; nagoya; sapporo; kobe; fukuoka; hiroshima; seoul; busan
incheon; pyongyang; bangkok; chiang mai; phuket; hanoi; ho chi minh city; saigon; da nang; phnom penh
vientiane; yangon; kuala lumpur; penang; singapore; jakarta; bali; surabaya; manila; cebu; quezon city
mexico city; guadalajara; monterrey; tijuana; cancún; cancun; puebla; havana; san juan; kingston
santo domingo; panama city; san josé; guatemala city; bogotá; bogota; medellín; medellin; cali
caracas; quito; guayaquil; lima; cusco; la paz; santiago; valparaíso; buenos aires; córdoba; cordoba
rosario; mendoza; montevideo; asunción; são paulo; sao paulo; rio de janeiro; rio; brasília; brasilia
salvador; fortaleza; belo horizonte; recife; porto alegre; curitiba; manaus
`);

/**
 * Place names that are also common words or given names: found only when written with a capital
 * and not followed by another capitalised word (so "Jordan Smith" stays a person).
 */
export const AMBIGUOUS_PLACES = new Set(
  lines(`
chad; georgia; jordan; turkey; china; guinea; niger; mali; nice; split; reading; victoria; sofia; florence
lincoln; madison; charlotte; austin; jackson; hamilton; aurora; henderson; richmond; salvador; santiago
rio; la; us; u.s.; uk; america; washington; springfield; arlington; glendale; cork; bath; sydney; perth
darwin; kingston; regina; durham; orlando; phoenix; columbus; providence; mobile; independence; surrey
lexington; rochester; newark; buffalo; garland; plano; laredo; savannah; hollywood; charleston; birmingham
palma; granada; victoria; paris; london; rome; florence; sofia; medina; salem; eugene; troy; dayton
`),
);
