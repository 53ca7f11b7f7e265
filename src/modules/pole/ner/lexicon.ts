import { tokenize } from '../text/tokenize.ts';
import { normalWord } from './features.ts';
import { MAX_NAME_WORDS } from './gazetteer.ts';

/**
 * A lexicon of names known from outside the labelled corpora: first names and surnames, places
 * and organisations, from compromise's lexicon (MIT, already a dependency) and from the lists
 * below, written for Bluelamp from general knowledge. Unlike the gazetteer of marked names, it
 * says nothing of how often a phrase is a name: the recogniser learns how far to trust each kind
 * of entry (a first name such as "Will" or a place such as "Reading" is often an ordinary word).
 * Codes are bit sets of the kinds below (under 64, so that gazetteerCodes' position bits fit).
 */
export const LEXICON_KIND = {
  firstName: 1,
  surname: 2,
  place: 4,
  country: 8,
  organisation: 16,
  team: 32,
} as const;

/** Companies, brands, shops, restaurants, hotels, media, agencies and institutions. */
const ORGANISATIONS = `
alphabet|microsoft|apple|amazon|facebook|meta|twitter|instagram|youtube|linkedin|tiktok|snapchat|
netflix|spotify|uber|lyft|airbnb|ebay|paypal|aol|ibm|intel|amd|nvidia|oracle|cisco|dell|hp|
hewlett packard|hewlett-packard|lenovo|samsung|sony|panasonic|toshiba|nokia|motorola|htc|huawei|
xiaomi|philips|siemens|bosch|canon|nikon|kodak|xerox|salesforce|sap|deloitte|kpmg|pwc|
pricewaterhousecoopers|ernst & young|mckinsey|arthur andersen|worldcom|tyco|halliburton|chevron|
texaco|shell|royal dutch shell|conocophillips|valero|total|gazprom|aramco|pg&e|
pacific gas and electric|southern california edison|con edison|national grid|british gas|centrica|
edf|eon|e.on|npower|scottish power|sse|thames water|walmart|wal-mart|target|costco|kmart|sears|
macy's|kohl's|best buy|home depot|lowe's|ikea|tesco|sainsbury's|asda|morrisons|waitrose|aldi|lidl|
marks & spencer|marks and spencer|m&s|boots|argos|john lewis|debenhams|primark|harrods|selfridges|
currys|b&q|homebase|halfords|wickes|screwfix|poundland|greggs|pret|pret a manger|costa|costa coffee|
starbucks|dunkin|dunkin donuts|tim hortons|kfc|kentucky fried chicken|subway|pizza hut|domino's|
dominos|papa john's|chipotle|panera|olive garden|red lobster|denny's|ihop|chick-fil-a|arby's|sonic|
jack in the box|in-n-out|five guys|nando's|wagamama|outback|outback steakhouse|hooters|
cheesecake factory|walgreens|cvs|rite aid|kroger|safeway|whole foods|trader joe's|publix|7-eleven|
staples|office depot|petsmart|autozone|jiffy lube|midas|marriott|sheraton|westin|holiday inn|
best western|radisson|ritz-carlton|four seasons|motel 6|days inn|travelodge|premier inn|
intercontinental|wyndham|ramada|comfort inn|hampton inn|embassy suites|la quinta|ford|general motors|
gm|chrysler|honda|nissan|mazda|subaru|mitsubishi|hyundai|kia|volkswagen|vw|audi|bmw|mercedes|
mercedes-benz|daimler|porsche|volvo|jaguar|land rover|fiat|ferrari|renault|peugeot|citroen|vauxhall|
opel|tesla|harley-davidson|boeing|airbus|lockheed martin|raytheon|northrop grumman|bae systems|
rolls-royce|general electric|ge|3m|honeywell|caterpillar|john deere|dupont|dow chemical|monsanto|
pfizer|merck|johnson & johnson|glaxosmithkline|gsk|astrazeneca|novartis|roche|bayer|sanofi|eli lilly|
abbott|procter & gamble|p&g|unilever|nestle|nestlé|kraft|heinz|kellogg's|general mills|pepsico|
dr pepper|red bull|anheuser-busch|budweiser|heineken|guinness|diageo|nike|adidas|puma|reebok|
under armour|levi's|gap|h&m|zara|uniqlo|disney|walt disney|pixar|warner bros|warner brothers|
paramount|universal|universal studios|20th century fox|fox|fox news|cnn|msnbc|nbc|abc|cbs|pbs|hbo|
espn|bbc|itv|channel 4|sky|sky news|bskyb|reuters|associated press|afp|bloomberg|new york times|
washington post|wall street journal|financial times|the guardian|guardian|the times|daily mail|
the sun|the telegraph|telegraph|the independent|usa today|los angeles times|houston chronicle|
time magazine|newsweek|the economist|forbes|fortune|penguin|harpercollins|simon & schuster|macmillan|
oxford university press|verizon|at&t|sprint|t-mobile|comcast|time warner|charter|vodafone|o2|ee|bt|
british telecom|virgin|virgin media|virgin atlantic|orange|three|telefonica|american airlines|
united airlines|delta|delta air lines|southwest|southwest airlines|jetblue|continental airlines|
british airways|easyjet|ryanair|lufthansa|air france|klm|emirates|qatar airways|etihad|
singapore airlines|cathay pacific|qantas|air canada|air india|amtrak|greyhound|fedex|ups|dhl|usps|
royal mail|goldman sachs|morgan stanley|jp morgan|jpmorgan|jpmorgan chase|chase|citibank|citigroup|
citi|bank of america|wells fargo|merrill lynch|lehman brothers|bear stearns|barclays|hsbc|lloyds|
lloyds bank|natwest|rbs|royal bank of scotland|santander|halifax|nationwide|tsb|metro bank|monzo|ubs|
credit suisse|deutsche bank|bnp paribas|ing|american express|amex|visa|mastercard|western union|
moneygram|aig|allstate|state farm|geico|progressive|aviva|axa|prudential|metlife|blue cross|
kaiser permanente|berkshire hathaway|blackrock|vanguard|fidelity|charles schwab|nasdaq|nyse|
new york stock exchange|london stock exchange|federal reserve|fed|bank of england|
european central bank|imf|international monetary fund|world bank|world trade organization|wto|
united nations|un|unicef|unesco|who|world health organization|nato|european union|eu|
european commission|opec|red cross|red crescent|amnesty international|greenpeace|oxfam|
save the children|salvation army|ymca|peace corps|nasa|esa|fbi|cia|nsa|dea|atf|ice|fema|epa|fda|irs|
sec|ftc|fcc|faa|ntsb|tsa|dhs|department of homeland security|department of justice|doj|
department of energy|department of defense|pentagon|state department|white house|congress|senate|
house of representatives|supreme court|democratic party|republican party|democrats|republicans|gop|
labour|labour party|conservative party|conservatives|tories|liberal democrats|lib dems|snp|
plaid cymru|ukip|reform uk|green party|sinn fein|dup|parliament|house of commons|house of lords|
downing street|home office|foreign office|ministry of defence|mod|hmrc|dvla|dwp|nhs|ofsted|ofcom|
ofgem|cps|crown prosecution service|ipcc|iopc|nca|national crime agency|serious fraud office|sfo|mi5|
mi6|gchq|met police|metropolitan police|scotland yard|city of london police|west yorkshire police|
south yorkshire police|greater manchester police|west midlands police|merseyside police|
thames valley police|kent police|essex police|police scotland|psni|british transport police|interpol|
europol|lapd|nypd|hamas|hezbollah|taliban|al qaeda|al-qaeda|isis|isil|ira|plo|harvard|yale|princeton|
stanford|mit|caltech|columbia|cornell|berkeley|ucla|usc|nyu|duke|baylor|purdue|oxford|cambridge|
imperial college|lse|ucl|kings college|eton|manchester united|man united|man utd|manchester city|
man city|chelsea|arsenal|liverpool fc|tottenham|spurs|everton|leeds united|newcastle united|
aston villa|west ham|celtic|rangers|real madrid|barcelona|bayern munich|juventus|yankees|red sox|
lakers|celtics|cowboys|patriots|packers|steelers|dallas cowboys|houston rockets|houston astros|fifa|
uefa|nfl|nba|mlb|nhl|ncaa|premier league|ioc|olympics|wikipedia|craigslist|groupon|yelp|tripadvisor|
expedia|booking.com|hotels.com|priceline|kayak|zillow|etsy|shopify|wordpress|tumblr|reddit|pinterest|
myspace|skype|whatsapp|dropbox|github|mozilla|firefox|opera|netscape|macromedia|symantec|mcafee|
norton|kaspersky|electronic arts|ea|activision|blizzard|nintendo|sega|ubisoft|valve|epic games|
rockstar|hasbro|mattel|lego
`;

/** Places the compromise lexicon leaves out: towns of the UK, the US, India and elsewhere. */
const PLACES = `
uk|u.k.|britain|great britain|united kingdom|england|scotland|wales|northern ireland|ireland|us|u.s.|
usa|u.s.a.|united states|united states of america|america|europe|asia|africa|north america|
south america|latin america|central america|antarctica|australasia|oceania|middle east|far east|
caribbean|scandinavia|balkans|siberia|sahara|himalayas|alps|mediterranean|atlantic|pacific|arctic|
gulf|persian gulf|the gulf|west bank|gaza|gaza strip|kashmir|punjab|tibet|hong kong|macau|taiwan|
palestine|kosovo|chechnya|crimea|donbas|kurdistan|london|birmingham|manchester|liverpool|leeds|
sheffield|bradford|bristol|newcastle|nottingham|leicester|coventry|hull|stoke|derby|plymouth|
southampton|portsmouth|brighton|reading|oxford|cambridge|york|bath|exeter|norwich|ipswich|luton|
milton keynes|northampton|peterborough|swindon|gloucester|cheltenham|worcester|hereford|
wolverhampton|walsall|dudley|sunderland|middlesbrough|durham|darlington|carlisle|lancaster|preston|
blackpool|blackburn|bolton|wigan|warrington|stockport|oldham|rochdale|salford|huddersfield|halifax|
wakefield|doncaster|rotherham|barnsley|lincoln|grimsby|scunthorpe|chester|crewe|shrewsbury|telford|
stafford|canterbury|dover|maidstone|chatham|margate|hastings|eastbourne|guildford|woking|crawley|
slough|watford|st albans|chelmsford|colchester|southend|basildon|harlow|stevenage|bedford|aylesbury|
high wycombe|bournemouth|poole|weymouth|salisbury|winchester|basingstoke|taunton|truro|torquay|
cardiff|swansea|newport|wrexham|bangor|aberystwyth|edinburgh|glasgow|aberdeen|dundee|inverness|
stirling|perth|belfast|derry|londonderry|dublin|cork|galway|limerick|yorkshire|west yorkshire|
south yorkshire|north yorkshire|lancashire|merseyside|greater manchester|west midlands|east midlands|
midlands|kent|essex|surrey|sussex|hampshire|dorset|devon|cornwall|somerset|wiltshire|berkshire|
oxfordshire|norfolk|suffolk|cumbria|northumberland|tyneside|teesside|derbyshire|nottinghamshire|
leicestershire|staffordshire|shropshire|cheshire|herefordshire|gloucestershire|hertfordshire|
bedfordshire|lincolnshire|peak district|lake district|cotswolds|soho|camden|hackney|brixton|croydon|
islington|westminster|whitechapel|stratford|wembley|tottenham|peckham|lewisham|greenwich|wimbledon|
chelsea|kensington|mayfair|heathrow|gatwick|stansted|new york|new york city|nyc|los angeles|la|
chicago|houston|phoenix|philadelphia|philly|san antonio|san diego|dallas|san jose|austin|
jacksonville|fort worth|columbus|charlotte|san francisco|indianapolis|seattle|denver|washington|
washington dc|washington d.c.|dc|boston|el paso|nashville|detroit|oklahoma city|portland|las vegas|
vegas|memphis|louisville|baltimore|milwaukee|albuquerque|tucson|fresno|sacramento|kansas city|mesa|
atlanta|omaha|colorado springs|raleigh|miami|long beach|virginia beach|oakland|minneapolis|tulsa|
tampa|arlington|new orleans|wichita|cleveland|bakersfield|aurora|anaheim|honolulu|santa ana|
riverside|corpus christi|lexington|stockton|st louis|st. louis|saint louis|pittsburgh|cincinnati|
anchorage|orlando|buffalo|newark|jersey city|st paul|toledo|fort wayne|st petersburg|laredo|irvine|
chandler|madison|lubbock|scottsdale|reno|glendale|boise|spokane|richmond|des moines|rochester|
salt lake city|fort lauderdale|hollywood|berkeley|santa monica|pasadena|santa barbara|santa cruz|
napa|malibu|galveston|little rock|savannah|charleston|key west|manhattan|brooklyn|queens|the bronx|
bronx|staten island|harlem|long island|silicon valley|bay area|toronto|montreal|vancouver|ottawa|
calgary|edmonton|winnipeg|quebec|mexico city|tijuana|cancun|havana|kingston|rio de janeiro|rio|
sao paulo|buenos aires|lima|bogota|santiago|caracas|quito|paris|lyon|marseille|nice|bordeaux|
toulouse|normandy|provence|berlin|munich|hamburg|frankfurt|cologne|stuttgart|dusseldorf|madrid|
barcelona|seville|valencia|malaga|ibiza|majorca|mallorca|tenerife|lisbon|porto|rome|milan|naples|
turin|florence|venice|sicily|sardinia|amsterdam|rotterdam|the hague|brussels|antwerp|geneva|zurich|
vienna|prague|budapest|warsaw|krakow|bucharest|sofia|athens|istanbul|ankara|moscow|kiev|kyiv|minsk|
oslo|stockholm|copenhagen|helsinki|reykjavik|cairo|alexandria|lagos|abuja|nairobi|johannesburg|
cape town|durban|casablanca|marrakech|tunis|algiers|addis ababa|accra|kampala|harare|baghdad|basra|
mosul|tehran|kabul|kandahar|islamabad|karachi|lahore|peshawar|riyadh|jeddah|mecca|medina|dubai|
abu dhabi|doha|kuwait city|beirut|damascus|aleppo|amman|jerusalem|tel aviv|delhi|new delhi|mumbai|
bombay|bangalore|bengaluru|chennai|madras|kolkata|calcutta|hyderabad|pune|ahmedabad|jaipur|lucknow|
kanpur|chandigarh|amritsar|goa|kerala|mysore|agra|varanasi|srinagar|jammu|dhaka|kathmandu|colombo|
beijing|shanghai|guangzhou|shenzhen|tokyo|osaka|kyoto|seoul|pyongyang|bangkok|phuket|hanoi|
ho chi minh city|saigon|manila|cebu|jakarta|bali|kuala lumpur|singapore|sydney|melbourne|brisbane|
adelaide|canberra|auckland|wellington|fiji|hawaii|alaska|patagonia
`;

/** Kinds of names in compromise's lexicon that the lexicon takes, by compromise's tag. */
const COMPROMISE_KINDS: Record<string, number> = {
  FirstName: LEXICON_KIND.firstName,
  MaleName: LEXICON_KIND.firstName,
  FemaleName: LEXICON_KIND.firstName,
  LastName: LEXICON_KIND.surname,
  City: LEXICON_KIND.place,
  Region: LEXICON_KIND.place,
  Country: LEXICON_KIND.country,
  Organization: LEXICON_KIND.organisation,
  SportsTeam: LEXICON_KIND.team,
};

/** Abbreviations compromise files as organisations that are words of organisations' names. */
const NOT_ORGANISATIONS = new Set(['dept', 'univ', 'assn', 'inc', 'ltd', 'co', 'corp', 'bros', 'intl']);

/** Lexicon key of a phrase: its tokens, normalised as the features normalise them, joined by spaces. */
export function lexiconKey(phrase: string): string {
  return tokenize(phrase)
    .map((t) => normalWord(t.text))
    .join(' ');
}

/**
 * The lexicon, from compromise's lexicon (given as compromise's `model().one.lexicon`: word to tag
 * or tags) and the written lists; phrases longer than the gazetteer's longest name are left out.
 */
export function buildLexicon(compromiseLexicon: Record<string, string | string[]>): Map<string, number> {
  const out = new Map<string, number>();
  const add = (phrase: string, kind: number) => {
    const key = lexiconKey(phrase);
    if (!key || key.split(' ').length > MAX_NAME_WORDS || !/\p{L}/u.test(key)) return;
    out.set(key, (out.get(key) ?? 0) | kind);
  };
  for (const [phrase, tags] of Object.entries(compromiseLexicon)) {
    for (const tag of [tags].flat()) {
      const kind = COMPROMISE_KINDS[tag];
      if (kind === undefined) continue;
      if (kind === LEXICON_KIND.organisation && NOT_ORGANISATIONS.has(phrase)) continue;
      add(phrase, kind);
    }
  }
  for (const phrase of ORGANISATIONS.split('|'))
    if (phrase.trim()) add(phrase.trim(), LEXICON_KIND.organisation);
  for (const phrase of PLACES.split('|')) if (phrase.trim()) add(phrase.trim(), LEXICON_KIND.place);
  return out;
}

/** Words that end organisations' names ("... University", "... Police", "... Ltd"). */
const ORGANISATION_HEADS = `
university univ college school academy institute institution polytechnic seminary hospital clinic
infirmary hospice trust foundation charity society association assn federation union league
council committee commission board authority agency bureau department dept ministry office service
services police constabulary force army navy corps regiment brigade battalion guard fire
court tribunal parliament assembly senate congress government administration party movement
front alliance coalition group company co corporation corp incorporated inc limited ltd llc llp plc
gmbh ag sa pty lp holdings partners associates enterprises industries international intl
bank banks capital investments securities insurance finance financial fund funds exchange
airlines airways air airline railways railway rail motors systems technologies technology
tech software solutions networks communications telecom media news newspaper times post
herald gazette journal press publishing publishers records studios pictures entertainment
productions energy power gas oil petroleum resources mining utilities electric chemicals
pharmaceuticals labs laboratories consulting consultants logistics transport supplies
foods brewery restaurants stores store supermarket club fc united orchestra band choir
church cathedral chapel mosque synagogue temple ministries mission network channel radio tv
`;

/** Words that end places' names ("... Street", "... River", "... Airport"). */
const PLACE_HEADS = `
street st road rd avenue ave lane ln drive dr boulevard blvd way close crescent place square
terrace row court hill hills mount mt mountain mountains valley river lake loch bay beach coast
island islands isle park gardens forest wood woods heath common moor marsh canyon falls creek
sea ocean gulf strait channel peninsula desert county shire district borough province state
region city town village parish ward estate airport station terminal port harbour harbor bridge
tunnel highway motorway freeway interstate center centre mall plaza market arena stadium
memorial monument tower castle palace hall abbey museum gallery zoo cemetery base camp
`;

/** Whether a word is, or names, a person's title. */
const TITLE_WORDS = `mr mrs ms miss dr prof sir dame lord lady rev mx mister madam president senator
governor mayor minister judge captain sergeant officer detective inspector constable chief pc
ds dc dci di sgt insp supt cllr councillor uncle aunt auntie king queen prince princess`;

const words = (list: string) => new Set(list.split(/\s+/).filter(Boolean));

const HEAD_CLASS = new Map<string, number>();
for (const w of words(PLACE_HEADS)) HEAD_CLASS.set(w, 2);
for (const w of words(ORGANISATION_HEADS)) HEAD_CLASS.set(w, HEAD_CLASS.has(w) ? 3 : 1);
for (const w of words(TITLE_WORDS)) if (!HEAD_CLASS.has(w)) HEAD_CLASS.set(w, 4);

/**
 * The class of a (normalised) word that ends or starts names: 1 organisation word, 2 place word,
 * 3 either ("Centre", "Court", "Channel"), 4 a person's title; 0 none. A full stop is ignored.
 */
export function headClass(word: string): number {
  const w = word.endsWith('.') ? word.slice(0, -1) : word;
  return HEAD_CLASS.get(w) ?? 0;
}
