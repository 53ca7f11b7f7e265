/**
 * Given names and surnames of many cultures, written from general knowledge, for names the
 * recogniser misses; and the finder that reads a known given name followed by capitalised names
 * ("Fatima Zahra Benali", "Tenzin P. Demir", "Pieter van der Berg"). Words that are also common
 * English words ("will", "hope", "grace", "may") are left out on purpose.
 */
import { type Token, tokenize } from '../../pole/index.ts';
import type { RuleSpan } from './identifiers.ts';

const words = (s: string) => new Set(s.trim().split(/\s+/));

/** Given names beyond the British list in lexicon.ts, lower case. */
export const WORLD_GIVEN_NAMES = words(`
jean ruth aaliyah abena abdullah abdullahi adaeze adebayo adeola adriana agnieszka ahmed ahmad aiko aino aisha aiyana
akira akosua alejandro alessandro alessia alexei alexis aleksander aleksandra alena alfonso ali alicia alina
alisha alvaro amara amadou amani amit amina ananya anastasia anders andrés andreas andrzej anika anita anja
anjali anke anneke annika ansel antoine antonio anya aoife arash arjun arnav astrid ayumi aylin
bartosz beatriz bernardo björn bogdan bongani brooke bruno camila camille carla carlos carmen catalina
cem chanel chiara chidi chinedu chioma chloé chukwuemeka ciarán claudia colleen constantin cristina
cristian daiki dalia damian daniela dario darius dmitri dmitry dominika dragan eitan ekaterina elena elif
élodie emeka emilia emilio enrique erik esperanza esteban eva fabio farah farhan fatou fatima federico felipe
fernando florian francesca francisco françois freja fumiko gabriela gabriele giovanni giulia giuseppe gonzalo
grzegorz guadalupe guillermo günter gustavo hamid hana hannah hans haruka haruto hasan hassan heike helga
hideo hina hiroshi hugo ibrahim ignacio ikechukwu ilse ines inés ingrid ioana irina isabel isabella ismail
ivan ivana jakub javier jean-luc jean-pierre jens jesús jiho jin jonas jorge josé josefina juan julia
julián jürgen kamal kaori karim karina karl kasia katarzyna kateřina katharina kazuki kemal kenji kenta
khadija kiran kirra klaus kofi kwabena kwame kwasi lachlan lakshmi lars laszlo lea leila leilani lena
leonardo liang linh lorenzo luca lucas lucía luis luisa lukas łukasz magnus mahmoud maite malak
malika manuel marcel marco margarita maria maría mariana marie marina mario marta mateo matilda matteo
mehmet mei mikhail mikko milica minh miriam mohamed mónica mustafa nadia naledi naomi natalia natasha
nikolai nikola nils nkechi noa nobuko nour nuno nurul obinna olga oluwaseun omar oskar pablo paolo pavel
pedro pieter pilar piotr pooja priyanka radek rafael rahul raúl ravi reza riccardo ricardo rocío rodrigo
rohan roksana rosa ruairí ryo ryota sadia sakura salma samir sandeep sanjay santiago sara saanvi
sebastián sergei sergio shira shirin shreya simone sinéad siobhán sipho siddharth sofía sofia sonja
soo-ah stefan stefano svetlana takashi tamar tanvir tariq tatiana tenzin thandiwe thiago thijs tiago
timo tomás tomasz uwe valentina valentin vikram vincenzo vladimir wei wojciech wolfgang xavier ximena
yara yasmin yaw yerlan yiannis yosef youssef yui yuki yulia yusuf yuto zainab zeynep zofia zoltán
zsófia zuzana ngozi amaka tunde folake yetunde olumide oksana taras bohdan dmytro andriy jiří petr
tereza václav ondřej mehdi reza parisa niloufar behnam darya hamza soraya laila layla youssef rania
kaveh anh huong thanh tuan quang dae-jung min-jun seo-yeon ji-woo hyun jae sung-min xiaoming xin
 ying hui jing qiang kai hiro kenzo haruki shota sota riku emi aya yuna akosua efua
chiamaka oluwadamilare temitope babajide ayodele thabo lerato zanele mandla nomvula lwazi
brendan cormac niall eoin padraig pádraig seamus sean seán grainne gráinne orla maeve saoirse
bridget colm fionn oisín cathal donal ciaran roisin róisín nuala deirdre
 brittany tiffany jessie kimberly heather kristen lindsey whitney
cody dustin travis brent trevor kurt brandon derek garrett wyatt colton
ethan jayden mason logan aiden elijah caleb isaiah gabriel nathaniel avery harper aubrey addison
kaylee riley hailey natalie alexandra stephanie nicole jennifer linda patricia barbara
nancy betty dorothy margaret donna deborah sharon cynthia kathleen shirley angela brenda pamela
robert michael william david richard joseph thomas charles christopher daniel matthew anthony donald
steven paul andrew joshua kenneth kevin brian george timothy ronald edward jason jeffrey ryan jacob
gary nicholas eric jonathan stephen larry justin scott brandon benjamin samuel gregory alexander
raymond patrick jack dennis jerry tyler aaron jose adam henry douglas zachary peter kyle walter
harold keith christian noah gerald carl terry sean austin arthur lawrence jesse dylan bryan
joe jordan billy bruce albert gabriel logan alan juan wayne roy ralph eugene vincent
russell elijah louis philip johnny mohammed emmanuel laura emily helen kate anna
`);

/** Surnames of many cultures, lower case, read after a given name written in lower case. */
export const WORLD_SURNAMES = words(`
garcia garcía gonzalez gonzález rodriguez rodríguez martinez martínez hernandez hernández lopez lópez
perez pérez sanchez sánchez ramirez ramírez torres flores rivera gomez gómez diaz díaz reyes morales
cruz ortiz gutierrez chavez ramos ruiz alvarez castillo jimenez moreno romero herrera medina aguilar
vargas castro mendoza silva santos oliveira souza pereira ferreira almeida carvalho rossi russo
ferrari esposito bianchi romano colombo ricci marino greco bruno gallo conti mancini müller
muller schmidt schneider fischer weber meyer wagner becker schulz hoffmann koch richter klein 
neumann schwarz zimmermann braun krüger hofmann hartmann lange werner krause dubois durand leroy moreau
laurent simon michel lefebvre leroux roux fournier girard bonnet dupont lambert fontaine rousseau
nguyen tran pham hoang phan dang bui ngo duong wang zhang liu chen yang huang zhao 
zhou zhu zheng kim lee choi jung kang yoon jang 
sato suzuki takahashi tanaka watanabe ito yamamoto nakamura kobayashi kato yoshida yamada sasaki
yamaguchi matsumoto inoue kimura hayashi shimizu patel sharma singh kumar gupta shah mehta iyer reddy
 nair joshi desai malhotra kapoor chopra banerjee chatterjee mukherjee khan ahmed hussain
hassan ali rahman chowdhury qureshi siddiqui malik sheikh mansour haddad khalil nasser farah aziz
okafor okeke okonkwo adeyemi adebayo oyelaran eze nwosu obi mensah asante boateng owusu osei diallo
ndiaye traore cisse keita mwangi otieno kamau ochieng dlamini nkosi ndlovu mokoena ivanov ivanova
petrov petrova smirnov smirnova sokolov popov volkov kuznetsov kowalski kowalska nowak wisniewski
wójcik kowalczyk kaminski lewandowski zielinski novak novák horvat kovac kovač popescu ionescu
yilmaz yılmaz kaya demir şahin celik çelik yildiz öztürk johansson andersson karlsson nilsson eriksson
larsson olsson persson hansen johansen olsen jensen nielsen pedersen virtanen korhonen murphy kelly
byrne ryan walsh o'brien o'sullivan o'connor o'neill mccarthy kennedy lynch doyle gallagher
fitzgerald kavanagh mcdonald macdonald cohen levi levy friedman goldberg katz mizrahi peretz
`);

/** Capitalised words after a given name that end a name: places, days, months, titles, organisation words. */
const NOT_SURNAME = words(`
street st road rd avenue ave lane drive university college hospital bank school clinic inc ltd llc gmbh plc corp
monday tuesday wednesday thursday friday saturday sunday january february march april may june july august
september october november december i the and or but of in on at to for from with by is was will has
dear hi hello thanks thank please mr mrs ms dr sir madam team group
`);

const NAME_WORD = /^\p{Lu}[\p{L}'’-]*$/u;
const INITIAL = /^\p{Lu}\.$/u;
const PARTICLES = words('van von der den de del della di da dos das du le la bin ibn al el ter ten');

/**
 * A known given name written with a capital and followed by capitalised names: the given name,
 * any middle names or initials ("P."), name particles ("van der", "de la") and a last name.
 */
export function findFullNames(
  text: string,
  givenNames: ReadonlySet<string>,
  isPlace: (word: string) => boolean = () => false,
  tokens: readonly Token[] = tokenize(text),
): RuleSpan[] {
  const out: RuleSpan[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const lower = t.text.toLowerCase();
    // "Jean-Baptiste", "Hyun-woo": a hyphenated name whose first part is a given name
    const given = givenNames.has(lower) || (lower.includes('-') && givenNames.has(lower.split('-')[0]!));
    if (!NAME_WORD.test(t.text) || !given) continue;
    let end = -1;
    let j = i + 1;
    let at = t.end;
    while (j < tokens.length && tokens[j]!.start === at + 1 && !/\n/.test(text.slice(at, tokens[j]!.start))) {
      const w = tokens[j]!;
      const lower = w.text.toLowerCase();
      if (INITIAL.test(w.text)) {
        at = w.end;
        j++;
        continue;
      }
      if (PARTICLES.has(lower) && j + 1 < tokens.length && !isPlace(tokens[j + 1]!.text.toLowerCase())) {
        at = w.end;
        j++;
        continue;
      }
      if (!NAME_WORD.test(w.text) || NOT_SURNAME.has(lower) || w.text.length < 2) break;
      end = w.end;
      at = w.end;
      j++;
    }
    if (end > 0) {
      out.push({ type: 'PERSON', start: t.start, end, rule: 'lexicon:given-name-chain' });
      while (i + 1 < tokens.length && tokens[i + 1]!.start < end) i++;
    }
  }
  return out;
}

/** Capitalised words that are not a person's first name before a surname ("Dear Smith", "The Green"). */
const NOT_FIRST = words(`
the a an and or but of in on at to for from with by is was dear hi hello thanks thank please mr mrs ms dr sir madam
our my your his her their its this that these those team group bank university college hospital street road
monday tuesday wednesday thursday friday saturday sunday january february march april may june july august
september october november december north south east west new old great little saint st
`);

/**
 * An unknown capitalised word followed by a known surname, also capitalised ("Hyun-woo Kim",
 * "Aroha Ngata" is not found: its surname is not listed).
 */
export function findSurnamePairs(
  text: string,
  surnames: ReadonlySet<string>,
  isPlace: (w: string) => boolean,
  tokens: readonly Token[] = tokenize(text),
): RuleSpan[] {
  const out: RuleSpan[] = [];
  for (let i = 0; i + 1 < tokens.length; i++) {
    const first = tokens[i]!;
    const last = tokens[i + 1]!;
    if (last.start !== first.end + 1 || !NAME_WORD.test(first.text) || !NAME_WORD.test(last.text)) continue;
    const f = first.text.toLowerCase();
    if (first.text.length < 2 || NOT_FIRST.has(f) || isPlace(f) || /^\p{Lu}+$/u.test(first.text)) continue;
    if (!surnames.has(last.text.toLowerCase())) continue;
    out.push({ type: 'PERSON', start: first.start, end: last.end, rule: 'lexicon:surname-pair' });
    i++;
  }
  return out;
}
