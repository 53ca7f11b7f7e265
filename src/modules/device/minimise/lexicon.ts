/**
 * Small word lists for informal messages, where names are often written in lower case and the
 * statistical recogniser (trained on edited text) misses them. Each list holds only words that are
 * rarely anything else in English, so "will", "mark" or "hope" are left out on purpose.
 */

const words = (s: string) => new Set(s.trim().split(/\s+/));

/** Common given names in England and Wales (ONS baby-name lists and census forenames). */
export const GIVEN_NAMES = words(`
aaron abdul abigail adam adrian aidan aisha alan alex alexander alfie ali alice alison amanda amber amelia
amir amy andrea andrew andy angela anna anthony archie arthur ashley aya ben benjamin beth bethany billy
bradley brandon brian callum cameron carl carol caroline charlie charlotte chelsea chloe chris christine
christopher ciara claire connor craig dale daniel danny darren dave david dean debbie declan dennis derek
dominic donna dylan eddie edward eleanor elizabeth ellie emily emma ethan evie fatima finley freddie freya
gareth gary gavin george georgia grace graham hannah harry harvey hassan hayley heather helen henry holly
ian imran isaac isabella isla jack jackson jacob jade jake james jamie jane jason jay jayden jemma jenny
jessica joanne joe joel john jon jonathan jordan joseph josh joshua julie justin karen kate katie kayleigh
keith kelly kerry kevin kieran kyle laura lauren leah lee leo lewis liam lily lisa logan louis louise lucy
luke mandy marcus maria martin mason matt matthew megan melissa mia michael michelle mike mohammed
mohammad muhammad molly nathan neil nicola nicole niamh noah oliver olivia oscar owen paige paul peter
phil philip poppy rachel rebecca reece rhys richard rob robert robbie ruby ryan sam samantha sandra sarah
scott sean shane sharon shaun simon sophie stacey stephen steve steven stuart susan tara terry thomas tom
tommy tony tracey tyler usman vicky wayne william yasmin zac zach zara zoe kai tyrone jermaine leon dwayne
shanice chantelle jodie kirsty gemma danielle stacy nadia omar yusuf bilal zain hamza priya raj deepak
sunil anjali kasia piotr tomasz agnieszka marek bogdan andrei ionut mihai jamal shaz pam deano kayden
`);

/** Common British surnames (ONS surname frequencies), matched after a given name. */
export const SURNAMES = words(`
smith jones williams taylor brown davies evans wilson thomas johnson roberts robinson thompson wright
walker white edwards hughes green hall lewis harris clarke patel jackson wood turner martin cooper hill
ward morris moore clark lee king baker harrison morgan allen james scott phillips watson davis parker
price bennett young griffiths mitchell kelly cook carter richardson bailey collins bell shaw murphy miller
cox richards khan marshall anderson simpson ellis adams singh begum wilkinson foster chapman powell webb
rogers gray mason ali hunt hussain campbell matthews owen palmer holmes mills barnes knight lloyd butler
russell barker fisher stevens jenkins murray dixon harvey ahmed kaur mohammed rahman nowak kowalski walsh doyle marsh okafor o'connor byrne ryan kennedy quinn
`);

/** Towns, cities and areas of the UK written in messages, in lower case. */
export const PLACES = words(`
london manchester birmingham leeds liverpool sheffield bristol newcastle nottingham leicester coventry
bradford cardiff swansea glasgow edinburgh aberdeen dundee belfast derry southampton portsmouth plymouth
brighton oxford cambridge norwich ipswich luton watford slough croydon peckham brixton hackney
tottenham stratford ilford romford wembley harrow enfield lewisham camden islington salford stockport
bolton wigan oldham rochdale preston blackpool blackburn burnley wolverhampton walsall dudley sunderland
middlesbrough gateshead hull york doncaster rotherham barnsley wakefield huddersfield halifax derby
stoke northampton milton peterborough chelmsford colchester southend basildon gloucester cheltenham exeter
swindon bath bournemouth poole hastings canterbury maidstone dover margate crawley woking guildford
wolves brum manny
`);

/** Organisations often named in British messages (banks, shops, carriers, services), lower case. */
export const ORGANISATIONS = words(`
barclays lloyds natwest hsbc santander monzo revolut nationwide starling tsb tesco asda
sainsburys sainsbury's morrisons aldi lidl primark argos currys greggs mcdonalds kfc deliveroo
ubereats uber amazon paypal ebay vinted gumtree facebook instagram snapchat tiktok whatsapp telegram
vodafone o2 giffgaff dpd evri hermes royal-mail dvla hmrc dwp nhs
`);
