/**
 * Every sentence the assistant itself says, in English and Welsh. Anything else it says is an
 * approved article quoted word for word. `cy` is typed to hold every key of `en`, and a test
 * checks that no Welsh phrase is left in English. `{name}` marks a value filled in at run time.
 */
export const en = {
  greeting:
    'Hello. I am an automated assistant, not a person. I can answer common questions from our approved information, take a lost property report, and give an update on a crime you reported. I cannot take emergency calls. In an emergency call 999 now (if you cannot speak, call 999 and press 55 when asked). You can speak to a person at any time: press "Speak to a person" or type "person".',
  emergency:
    'This sounds like an emergency. Call 999 now. If you cannot speak, call 999 and press 55 when asked. I have also moved your message to the top of the queue for a person, who will join this chat as soon as they can.',
  urgent:
    'Thank you for telling us. I am passing you to a person now, ahead of other enquiries. If anyone is in danger now, call 999.',
  interpreter:
    'I am passing you to a person, who will arrange an interpreter in your language. If anyone is in danger now, call 999.',
  person: 'I am passing you to a person.',
  queued: 'You are number {position} in the queue. The expected wait is about {minutes} minutes.',
  queuedNext: 'You are next in the queue.',
  closedNow:
    'No one is available in the chat now. Our people answer chats from {opens} to {closes}. You can call 101 at any time, or report a non-urgent crime online. In an emergency call 999.',
  withPerson: '{name} from the contact centre has joined the chat.',
  noMatch:
    'I am sorry, I cannot answer that from our approved information, and I will not guess. Would you like to speak to a person? Type "yes", or ask your question another way.',
  offerPerson:
    'It looks as if I am not helping. Would you like to speak to a person? Type "yes", or press "Speak to a person".',
  citation: 'From our article "{title}".',
  lostStart:
    'I can take a lost property report and give you a reference. What have you lost? (For example: "a black leather wallet".)',
  lostWhere: 'Where do you think you lost it?',
  lostWhen: 'When did you lose it? (For example: "yesterday afternoon".)',
  lostContact: 'How can we contact you if it is handed in? Give an e-mail address or phone number.',
  lostDone:
    'Thank you. Your lost property report reference is {reference}. If your item is handed in to us, we will contact you. Please also check with the place where you lost it.',
  crimeStart:
    'I can give an update on a crime you reported. What is the crime reference number? (It looks like {example}.)',
  crimeNoReference:
    'I could not find a crime reference number in that. It looks like {example}. What is the crime reference number?',
  crimeSurname: 'To check it is you, what is the surname of the person who reported the crime?',
  crimePostcode: 'And what is the postcode of the address on the report?',
  crimeUpdate: 'Update on crime {reference}: {update}',
  crimeNoMatch:
    'Those details do not match our records, so I cannot give an update. You have {left} more tries. What is the surname of the person who reported the crime?',
  crimeLocked:
    'Those details do not match, and this report cannot be checked in the chat for now. To get an update, please speak to a person.',
  yes: 'yes',
  thanks: 'Thank you. Is there anything else I can help with?',
  ended: 'This chat has ended. Thank you for contacting us.',
} as const;

export type PhraseKey = keyof typeof en;

export const cy: Record<PhraseKey, string> = {
  greeting:
    'Helo. Cynorthwyydd awtomataidd ydw i, nid person. Gallaf ateb cwestiynau cyffredin o’n gwybodaeth gymeradwy, cymryd adroddiad am eiddo coll, a rhoi diweddariad am drosedd y gwnaethoch ei riportio. Ni allaf gymryd galwadau brys. Mewn argyfwng, ffoniwch 999 nawr (os na allwch siarad, ffoniwch 999 a phwyso 55 pan ofynnir i chi). Gallwch siarad â pherson unrhyw bryd: pwyswch "Siarad â pherson" neu teipiwch "person".',
  emergency:
    'Mae hyn yn swnio fel argyfwng. Ffoniwch 999 nawr. Os na allwch siarad, ffoniwch 999 a phwyso 55 pan ofynnir i chi. Rwyf hefyd wedi symud eich neges i frig y ciw am berson, a fydd yn ymuno â’r sgwrs hon cyn gynted ag y gallant.',
  urgent:
    'Diolch am ddweud wrthym. Rwy’n eich trosglwyddo i berson nawr, o flaen ymholiadau eraill. Os oes unrhyw un mewn perygl nawr, ffoniwch 999.',
  interpreter:
    'Rwy’n eich trosglwyddo i berson, a fydd yn trefnu cyfieithydd yn eich iaith chi. Os oes unrhyw un mewn perygl nawr, ffoniwch 999.',
  person: 'Rwy’n eich trosglwyddo i berson.',
  queued: 'Rydych yn rhif {position} yn y ciw. Mae disgwyl i chi aros tua {minutes} munud.',
  queuedNext: 'Chi sydd nesaf yn y ciw.',
  closedNow:
    'Nid oes neb ar gael yn y sgwrs nawr. Mae ein staff yn ateb sgyrsiau rhwng {opens} a {closes}. Gallwch ffonio 101 unrhyw bryd, neu riportio trosedd nad yw’n un frys ar-lein. Mewn argyfwng, ffoniwch 999.',
  withPerson: 'Mae {name} o’r ganolfan gyswllt wedi ymuno â’r sgwrs.',
  noMatch:
    'Mae’n ddrwg gen i, ni allaf ateb hynny o’n gwybodaeth gymeradwy, ac ni wnaf ddyfalu. Hoffech chi siarad â pherson? Teipiwch "ie", neu gofynnwch eich cwestiwn mewn ffordd arall.',
  offerPerson:
    'Mae’n ymddangos nad wyf yn helpu. Hoffech chi siarad â pherson? Teipiwch "ie", neu pwyswch "Siarad â pherson".',
  citation: 'O’n herthygl "{title}".',
  lostStart:
    'Gallaf gymryd adroddiad am eiddo coll a rhoi cyfeirnod i chi. Beth ydych chi wedi’i golli? (Er enghraifft: "waled ledr ddu".)',
  lostWhere: 'Ble rydych chi’n meddwl y gwnaethoch ei golli?',
  lostWhen: 'Pryd y gwnaethoch ei golli? (Er enghraifft: "prynhawn ddoe".)',
  lostContact: 'Sut gallwn ni gysylltu â chi os caiff ei roi i mewn? Rhowch gyfeiriad e-bost neu rif ffôn.',
  lostDone:
    'Diolch. Cyfeirnod eich adroddiad am eiddo coll yw {reference}. Os caiff eich eitem ei rhoi i ni, byddwn yn cysylltu â chi. Holwch hefyd yn y lle y gwnaethoch ei golli.',
  crimeStart:
    'Gallaf roi diweddariad am drosedd y gwnaethoch ei riportio. Beth yw cyfeirnod y drosedd? (Mae’n edrych fel {example}.)',
  crimeNoReference:
    'Ni allwn ddod o hyd i gyfeirnod trosedd yn hynny. Mae’n edrych fel {example}. Beth yw cyfeirnod y drosedd?',
  crimeSurname: 'I wirio mai chi sydd yno, beth yw cyfenw’r person a riportiodd y drosedd?',
  crimePostcode: 'A beth yw cod post y cyfeiriad ar yr adroddiad?',
  crimeUpdate: 'Diweddariad am drosedd {reference}: {update}',
  crimeNoMatch:
    'Nid yw’r manylion hynny’n cyfateb i’n cofnodion, felly ni allaf roi diweddariad. Mae gennych {left} cynnig arall. Beth yw cyfenw’r person a riportiodd y drosedd?',
  crimeLocked:
    'Nid yw’r manylion hynny’n cyfateb, ac ni ellir gwirio’r adroddiad hwn yn y sgwrs am y tro. I gael diweddariad, siaradwch â pherson.',
  yes: 'ie',
  thanks: 'Diolch. Oes unrhyw beth arall y gallaf helpu ag ef?',
  ended: 'Mae’r sgwrs hon wedi dod i ben. Diolch am gysylltu â ni.',
};

export type ChatLang = 'en' | 'cy';
export const PHRASES: Record<ChatLang, Record<PhraseKey, string>> = { en, cy };

export function phrase(lang: ChatLang, key: PhraseKey, params: Record<string, string | number> = {}): string {
  return PHRASES[lang][key].replace(/\{(\w+)\}/g, (whole, name: string) =>
    params[name] === undefined ? whole : String(params[name]),
  );
}
