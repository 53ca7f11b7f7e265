import { describe, expect, it } from 'vitest';
import { RuleEngine } from '../rules/engine.ts';
import { compilePattern } from '../rules/pattern.ts';
import { welshLexicon } from './cy.ts';
import { englishLexicon } from './en.ts';
import { SOURCES } from './sources.ts';

const engine = new RuleEngine([englishLexicon, welshLexicon]);
const fired = (text: string) => engine.match(text).map((h) => h.rule.id);
const route = (text: string) => {
  const order = ['routine', 'human', 'urgent', 'emergency'];
  return engine
    .match(text)
    .reduce((r, h) => (order.indexOf(h.rule.route) > order.indexOf(r) ? h.rule.route : r), 'routine');
};

const ORDER = ['routine', 'human', 'urgent', 'emergency'];
/** The text's route is `at` or higher. */
const expectAtLeast = (text: string, at: string) =>
  expect(ORDER.indexOf(route(text)), text).toBeGreaterThanOrEqual(ORDER.indexOf(at));

describe('lexicons', () => {
  it('every rule has a unique id, a published source, a description and readable patterns', () => {
    const rules = [...englishLexicon.rules, ...welshLexicon.rules];
    expect(new Set(rules.map((r) => r.id)).size).toBe(rules.length);
    for (const rule of rules) {
      expect(SOURCES[rule.source]).toBeTruthy();
      expect(rule.description.length).toBeGreaterThan(10);
      for (const p of [...rule.patterns, ...(rule.unless ?? [])])
        expect(() => compilePattern(p)).not.toThrow();
    }
    expect(englishLexicon.version).toMatch(/^en-\d+\.\d+\.\d+$/);
    expect(welshLexicon.version).toMatch(/^cy-\d+\.\d+\.\d+$/);
  });
});

describe('English rules', () => {
  it.each([
    "he's locked the door and taken my phone, I'm fine really",
    'theres a bloke waving a machete about outside the offy',
    'my grandad has stopped breathing',
    'my mate just got glassed in the pub',
    'she says shes took a whole packet of pills',
    'he has just punched my mum',
    'someone is trying to break in through the back door',
    'plz come hes stranglin me', // a typo: one letter missing
  ])('routes "%s" to emergency', (text) => {
    expect(route(text)).toBe('emergency');
  });

  it.each([
    'my boyfriend checks my phone and controls my money',
    'my ex keeps turning up outside my work',
    'i keep thinking about ending my life',
    'my 14 year old has not come home since yesterday',
    'they shouted racist abuse at my dad',
    'my nan has dementia and the carer is stealing from her',
  ])('routes "%s" to urgent at least', (text) => {
    expect(['urgent', 'emergency']).toContain(route(text));
  });

  it('honours a request for a person', () => {
    expect(fired('can I talk to a real person please')).toContain('en.human.request');
    expect(fired('i dont want to talk to a machine')).toContain('en.human.request');
  });

  it('does not fire on routine contacts that share words with risks', () => {
    expect(fired('small bump in the car park, no one was hurt')).toEqual([]);
    expect(fired('how do I renew my shotgun certificate')).toEqual([]);
    expect(fired('lost my glasses on the bus')).toEqual([]);
    expect(fired('my bag has gone missing from my car')).toEqual([]);
    expect(fired('I need to apply for a licence for deer stalking')).toEqual([]);
  });

  it('names the words that fired', () => {
    const [hit] = engine.match('he has got a knife');
    expect(hit?.rule.id).toBe('en.weapon.threat');
    expect(hit?.words).toEqual(['has', 'knife']);
  });
});

describe('Welsh rules (mutated forms match the radical)', () => {
  it.each([
    ['mae o wedi fy nharo i', 'taro, nasal after fy'],
    ['mae ganddo gyllell', 'cyllell, soft after ganddo'],
    ['mae hi yn dal ei chyllell at ei wddf', 'cyllell, aspirate after ei (her); gwddf, soft'],
    ['mae fy nhŷ ar dân', 'tân, soft after ar'],
    ['dydy fy nhad ddim yn anadlu', 'anadlu after ddim'],
    ['dw i am ladd fy hun heno', 'lladd, soft after am'],
  ])('"%s" routes to emergency (%s)', (text) => {
    expect(route(text)).toBe('emergency');
  });

  it.each([
    'mae fy mhlentyn ar goll ers neithiwr',
    'mae gen i ofn fy mhartner',
    'dw i wedi bod yn meddwl am hunanladdiad',
    'mae fy nghyn-bartner yn fy nilyn i bob man',
  ])('"%s" routes to urgent at least', (text) => {
    expect(['urgent', 'emergency']).toContain(route(text));
  });

  it('honours a request for a person, with the aspirate after â', () => {
    expect(fired('ga i siarad â pherson go iawn')).toContain('cy.human.request');
  });

  it('does not fire on routine Welsh contacts', () => {
    expect(fired('mân wrthdrawiad yn y maes parcio, neb wedi brifo')).toEqual([]);
    expect(fired('mae fy waled ar goll')).toEqual([]);
    expect(fired("sut ydw i'n adnewyddu fy nhrwydded dryll")).toEqual([]);
  });
});

describe('lexicons 1.3.0: general wordings, in both languages', () => {
  it.each([
    ['a man has climbed over the barrier on the motorway bridge and is sitting on the ledge', 'emergency'],
    ['some lads are walking along the railway tracks near the station', 'emergency'],
    ['a man in a car just tried to get a boy into the back seat outside the chip shop', 'emergency'],
    ['my brother is trapped under his car, the jack slipped', 'emergency'],
    ['his ex is outside the house with a baseball bat right now', 'emergency'],
    ['my wife sent me a text saying goodbye and now her mobile is switched off', 'emergency'],
    ['there is a strong smell of gas in the stairwell of the flats', 'emergency'],
    ['my stepdad touches me when mum is at work', 'urgent'],
    ['my son has not been home for three days', 'urgent'],
  ])('"%s" routes to %s at least', (text, at) => {
    expectAtLeast(text, at!);
  });

  it.each([
    ['mae dyn wedi dringo dros y rheiliau ar bont y dref ac yn eistedd ar yr ymyl', 'emergency'],
    ['mae criw o blant yn chwarae ar y rheilffordd wrth y bont', 'emergency'],
    ["mae dyn wedi trio cael hogan fach i mewn i'w gar tu allan i'r ysgol", 'emergency'],
    ['mae fy nhad yn sownd o dan y tractor', 'emergency'],
    ['mae gŵr fy chwaer tu allan efo pastwn ac mae o yn y stryd rwan', 'emergency'],
    ['mae ogla nwy cryf yn y tŷ drws nesa', 'emergency'],
    ["dydi'r mab ddim wedi bod adre ers tri diwrnod", 'urgent'],
  ])('"%s" routes to %s at least', (text, at) => {
    expectAtLeast(text, at!);
  });

  it('honours a request for a named officer, and a person for whoever is on duty', () => {
    expect(fired('could you ask PC Evans to ring me')).toContain('en.human.request');
    expect(fired('allech chi ofyn i PC Owen fy ffonio i')).toContain('cy.human.request');
    expect(fired('can I speak to whoever is in charge tonight')).toContain('en.human.request');
    // Since 1.10.0 asking for the officer on a case to call back is a request for a person too.
    expect(fired('could the officer in my case call me back after 5')).toContain('en.human.request');
  });

  it('does not read figures of speech, other agencies or chases on a case as risks or requests', () => {
    expect(fired('mae sŵn y gwaith ffordd yn fy lladd i')).toEqual([]);
    expect(fired('I need to speak to someone at the council about the potholes')).toEqual([]);
    expect(fired('dwi isio siarad â rhywun yn y cyngor am y goleuadau')).toEqual([]);
    expect(fired('the officer in my case said he would call me back after 5')).toEqual([]);
    expect(fired("mae'r beic wedi ei gloi i'r rheiliau ers wythnosau")).toEqual([]);
    expect(fired('kids on bikes nearly hitting people outside the shops')).toEqual([]);
    expect(fired('I got a bruise playing rugby on saturday, someone stole my boots')).toEqual([]);
    expect(fired("bydd rhywun yn cael ei frifo ryw ddydd ar y gyffordd 'na")).toEqual([]);
  });

  it('still reads bruises from a partner as domestic abuse', () => {
    expect(fired('my partner gave me a black eye last night')).toContain('en.domestic.abuse');
    expect(fired('mae fy mhartner wedi rhoi cleisiau i mi')).toContain('cy.domestic.abuse');
  });
});

describe('lexicons 1.4.0: risks without the usual words, and routine contacts that share words with risks', () => {
  it.each([
    ['a child on a paddleboard is drifting further out and cannot get back', 'emergency'],
    ['my girlfriend posted goodbye on instagram with a photo of the bridge', 'emergency'],
    ['mae fy mab wedi cael ei gario allan i’r môr ar ddingi', 'emergency'],
    ['one of my pupils has cigarette burns on her hand', 'urgent'],
    ['mae gan y plentyn llosgiadau sigarét ar ei goes', 'urgent'],
    ['the farm keeps its pickers in a container and they are never allowed out', 'urgent'],
    ["ma'r meddylie tywyll yn ôl eto", 'urgent'],
  ])('"%s" routes to %s at least', (text, at) => {
    expectAtLeast(text, at!);
  });

  it.each([
    'a car almost got hit reversing out of the school gates, nobody hurt',
    'can you send someone to have a word with the lads on the corner',
    'my shotgun cert runs out next month',
    'he left his bag of fags on the bus',
    "ges i fy nharo o'r cefn ar y gylchfan, neb wedi brifo",
    "dwi'n methu gweld allan o'r ffenest achos y fan",
    "ydi'r tracker yn dangos lle mae o?",
    'isio trwydded i saethu cwningod ar y fferm',
    'gemau saethu drwy’r wal tan dri y bore',
    'be sy’n digwydd rŵan efo’r dystysgrif?',
  ])('"%s" fires no risk rule', (text) => {
    expect(route(text)).toBe('routine');
  });
});

describe('lexicons 1.5.0: the kinds of wording of the fourth test run', () => {
  it.each([
    ['there is a hidden camera behind the mirror in my bathroom, the landlord put it there', 'urgent'],
    ['ffeindies i gamera cudd yn y stafell molchi', 'urgent'],
    ['roofers knocked on mum’s door, she paid them cash and they are coming back for more', 'urgent'],
    ['maen nhw newydd dynnu bachgen i mewn i fan las', 'emergency'],
    ['a brick has just gone through a windscreen on the bypass and the car crashed', 'emergency'],
  ])('"%s" routes to %s at least', (text, at) => {
    expectAtLeast(text, at!);
  });

  it.each([
    'someone shot out my shed window with an airgun sometime last night',
    'watched a documentary about armed police, do they all carry guns now?',
    'is deer stalking covered by my FAC?',
    'my dog nearly choked on a sock',
    'the burnt out car on the lane has been there a week, not on fire anymore',
    "ma'r tacsi'n deud bo nhw heb weld fy mag i",
    'mae gen i ddau wn yn y cabinet a dwi’n symud tŷ',
    'dril a morthwyl drws nesa tan hanner nos',
    'bydd y wraig yn fy lladd i lol, dwi wedi colli’r allweddi',
    'I reported an assault on my son in March, any news?',
  ])('"%s" fires no risk rule', (text) => {
    expect(route(text)).not.toMatch(/urgent|emergency/);
  });
});

describe('lexicons 1.6.0: the kinds of wording of the fifth test run and of new training contacts', () => {
  it.each([
    ['the van crashed into a lamppost and the driver is slumped in his seat', 'emergency'],
    ['my dad stopped talking mid sentence on the phone and said his face felt numb', 'emergency'],
    ['someone is in the river by the weir and keeps going under', 'emergency'],
    ['a man is exposing himself to people at the bus stop right now', 'emergency'],
    ['two lads are trying every car door along our road', 'emergency'],
    ['mae dyn yn dangos ei hunan i bobl yn y parc, mae o yno rŵan', 'emergency'],
    ['mae car wedi mynd i mewn i wal a’r gyrrwr wedi syrthio dros y llyw', 'emergency'],
    ['there was a tiny camera inside the smoke alarm above the shower in our holiday let', 'urgent'],
    ['he is threatening to post her pictures to her school unless she sends more', 'urgent'],
    ['my aunt wants to remortgage her flat to send money to a soldier she met online', 'urgent'],
    ['heb ddod adra o’r ysgol a dydi hi ddim yn ateb ei ffôn', 'urgent'],
    ['the officer from my street told me to ask for her, can you pass me on to her', 'human'],
    ['allwch chi fy mhasio i ymlaen at y swyddog lleol', 'human'],
    ['hoffwn gael galwad yn ôl gan swyddog am fater arall', 'human'],
  ])('"%s" routes to %s at least', (text, at) => {
    expectAtLeast(text, at!);
  });

  it.each([
    'I am killing myself trying to find my car keys, did anyone hand them in',
    'my late uncle had a rifle locked in a cabinet, what do we do with it',
    'the fireworks every night sound like gunshots, it is just kids',
    'the bill nearly gave me a heart attack, can I report an overcharging taxi',
    'someone keyed my car and smashed the windscreen with a brick last week, any update',
    'found a purse in the park with the cards still inside',
    'ges i fy nyrnu yn y dafarn bythefnos yn ôl, dw i isio riportio fo',
    'mae’r dafarn ar agor tan hanner nos a’r miwsig yn uchel',
    'mae’r bas drws nesa’n fy lladd i bob nos',
    'soffa a matres wedi torri wedi eu gadael wrth y biniau rŵan',
    'plant yn taflu wyau at y tŷ bob nos, neb wedi brifo',
    'colles i allweddi gyda chyllell boced fach arnyn nhw',
    'mae’r bechgyn yn chwarae airsoft a’r gynnau plastig yn saethu peli',
  ])('"%s" fires no risk rule', (text) => {
    expect(route(text)).not.toMatch(/urgent|emergency/);
  });
});

describe('lexicons 1.7.0: the kinds of wording of the sixth test run', () => {
  it.each([
    ['her dad drove off with the kids after he had been drinking all afternoon', 'emergency'],
    ['a little boy in pyjamas is walking along the side of the dual carriageway', 'emergency'],
    ['the toddler upstairs is out on the balcony ledge with nobody home', 'emergency'],
    ['a dog has got hold of a girl by the leg in the park and will not let go', 'emergency'],
    ['he has just grabbed her by the arm at the bus stop', 'emergency'],
    ['someone pushed a burning rag through the letterbox downstairs', 'emergency'],
    ['my ex is outside with a petrol can', 'emergency'],
    ['mae dyn yn ei dal hi lawr ar y trên ac mae hi’n crio', 'emergency'],
    ['mae ei gwefusau hi’n las a dw i’n methu ei deffro hi', 'emergency'],
    ['the landlord keeps letting himself in when I am at work', 'urgent'],
    ['a man has been sending my daughter money for pics', 'urgent'],
    ['the girl at the nail bar sleeps in the back and a man takes her wages', 'urgent'],
    ['my gran was wandering in her nightdress at 3am again', 'urgent'],
    ['mae hen ddyn drws nesa’n crwydro yn y nos ac mae o’n ffwndrus', 'urgent'],
    ['dw i’n meddwl bod fy chwaer yn torri’i hunan', 'urgent'],
    ['mae o’n hitio’i wraig, dw i’n ei glywed drwy’r wal', 'urgent'],
    ['could I have a word with whoever is dealing with the break-ins', 'human'],
    ['I want a proper copper on the phone about my neighbour', 'human'],
    ['a fyddai modd i swyddog fy ffonio i yn lle sgwrsio fan hyn', 'human'],
  ])('"%s" routes to %s at least', (text, at) => {
    expectAtLeast(text, at!);
  });

  it.each([
    'my brother stabbed me in the back by selling the house, how do I report fraud',
    'kids set fire to the wheelie bin again last weekend, they had gone by the time we looked',
    'dw i’n mynd i saethu yn yr Alban ym mis Hydref, oes angen trwydded arall?',
    'mae’r golau traffig yn fflachio drwy’r amser, pwy ddylwn i ffonio?',
    'can I find out how a Clare’s Law request works',
  ])('"%s" fires no risk rule', (text) => {
    expect(route(text)).not.toMatch(/urgent|emergency/);
  });

  it('reads "nobody has contacted me" as a chase, not a request for a person', () => {
    expect(fired('dw i’n dyst mewn achos a does neb wedi cysylltu â fi')).not.toContain('cy.human.request');
  });
});

describe('lexicons 1.8.0: requests for a person in more phrasings, and the kinds of the seventh test run', () => {
  it.each([
    ['en', 'can someone get back to me please'],
    ['en', 'give us a bell when you get a minute'],
    ['en', 'could somebody get in touch with me about it'],
    ['en', 'let me talk to your supervisor'],
    ['en', 'is anyone available to chat'],
    ['en', 'can I see the sergeant when I come in'],
    ['en', 'I would prefer to discuss this with an officer'],
    ['en', 'is there a way to video call someone who signs BSL'],
    ['cy', 'alle rhywun ffono fi nôl?'],
    ['cy', 'rhowch ganiad i fi pan gewch chi gyfle'],
    ['cy', 'allwch chi ofyn i’r PCSO fy ffonio i'],
    ['cy', 'hoffwn gael sgwrs wyneb yn wyneb efo plismon'],
    ['cy', 'dewch i ’ngweld i plis'],
  ])('(%s) "%s" is a request for a person', (lang, text) => {
    expect(fired(text!)).toContain(`${lang}.human.request`);
  });

  it.each([
    ['my parents are taking me to Bangladesh this summer and I heard them planning a wedding', 'urgent'],
    ['a man keeps buying my 14 year old daughter vodka and she stays at his on weekends', 'urgent'],
    ['the lads at the car wash sleep in the back room and the boss has their passports', 'urgent'],
    ['a car is swerving all over the road ahead of me right now, I think he is drunk', 'emergency'],
    ['he is dragging her down the street by her hair', 'emergency'],
    ['mae car yn gyrru’r ffordd anghywir ar y draffordd', 'emergency'],
    ['dw i newydd weld rhywun yn cael ei wthio i mewn i’r afon', 'emergency'],
    ['mae hi yn y bath a dydi hi ddim yn ateb', 'emergency'],
  ])('"%s" routes to %s at least', (text, at) => {
    expectAtLeast(text, at!);
  });

  it.each([
    'nath cwsmer yrru i ffwrdd heb dalu am betrol',
    'mae car wedi parcio ar draws y dreif a dw i’n methu mynd allan',
    'rhywun wedi parcio yn y lle parcio anabl heb fathodyn eto',
    'ges i fy nharo mewn tafarn nos Sadwrn, dw i’n iawn rŵan',
  ])('"%s" fires no risk rule', (text) => {
    expect(route(text)).not.toMatch(/urgent|emergency/);
  });
});

describe('lexicons 1.9.0: a bare request for a person, and the kinds of the eighth test run', () => {
  it.each([
    ['en', 'PERSON'],
    ['en', 'a real person please'],
    ['cy', 'swyddog'],
    ['cy', 'dyn go iawn plis'],
    ['en', 'could I be put through to PC Jenkins'],
    ['cy', 'ga i air efo PC Hughes, ydi hi ar ddyletswydd?'],
  ])('(%s) "%s" is a request for a person', (lang, text) => {
    expect(fired(text!)).toContain(`${lang}.human.request`);
  });

  it.each([
    'a person parked across my drive',
    'someone stole my bike from the shed',
    'mae swyddog wedi bod yn barod',
  ])('"%s" is no request for a person: the bare word only asks alone', (text) => {
    expect(fired(text)).not.toContain('en.human.request');
    expect(fired(text)).not.toContain('cy.human.request');
  });

  it.each([
    ['cwch bach wedi troi drosodd yn y bae a dau berson yn y dŵr', 'emergency'],
    ['a boat has capsized off the pier with kids in the water', 'emergency'],
    ['my dad has dementia and has walked into the sea', 'emergency'],
    ['a passenger has put a knife to my side', 'emergency'],
    ['mae rhywun yn yr atig, dw i’n ei glywed o’n symud', 'emergency'],
    ['roedd gan yr hogan fach glais ar ei boch eto', 'urgent'],
    ['maen nhw’n ein galw ni’n ffoaduriaid budr bob nos', 'urgent'],
    ['my son came home with a second phone and cash, says he is doing runs', 'urgent'],
  ])('"%s" routes to %s at least', (text, at) => {
    expectAtLeast(text, at!);
  });

  it.each([
    'I was a victim of domestic abuse ten years ago and want my old records for a book',
    'my late father’s medals have gone missing in the move',
    'a learner went into the back of me, she was a bit shaken but fine',
    'the guns are in his locked cabinet at his house',
    'their exhausts popping sound like gunshots every night',
    'cafodd fy ngŵr ei ladd mewn damwain ffordd chwe blynedd yn ôl',
  ])('"%s" fires no risk rule', (text) => {
    expect(route(text)).not.toMatch(/urgent|emergency/);
  });
});

describe('lexicons 1.10.0: asking for a call back is a request for a person, and the kinds of the ninth test run', () => {
  it.each([
    ['en', 'can the detective on my case ring me back please'],
    ['en', 'could somebody phone me back about the theft from my shed'],
    ['cy', 'allai rhywun fy ffonio i nôl ynglŷn â’r lladrad?'],
    ['cy', 'gall y swyddog fy ffonio i nôl am yr achos plis'],
  ])('(%s) "%s" is a request for a person', (lang, text) => {
    expect(fired(text!)).toContain(`${lang}.human.request`);
  });

  it.each([
    'the officer was meant to ring me back about my case last week',
    'still waiting for someone to call me back about the burglary',
    'oedd y swyddog i fod i ffonio fi nôl am yr achos',
    'oes angen i swyddog ddod i archwilio’r cwpwrdd newydd?',
  ])('"%s" is a chase or a question, not a request for a person', (text) => {
    expect(fired(text)).not.toContain('en.human.request');
    expect(fired(text)).not.toContain('cy.human.request');
  });

  it.each([
    ['a lorry has ploughed into the bus shelter on the high street', 'emergency'],
    ['there is a kid under the van, it rolled back off the drive', 'emergency'],
    ['mae fan wedi mynd i mewn i’r siop a mae pobl tu mewn', 'emergency'],
    ['mae plentyn o dan y car ar y gornel', 'emergency'],
    ['he tied me up and took my phone', 'emergency'],
    ['my sister is tied up until he gets back', 'emergency'],
  ])('"%s" routes to %s at least', (text, at) => {
    expectAtLeast(text, at!);
  });

  it.each([
    'there is a goat tied up on the verge with no shelter',
    'I am tied up at work till six, can I report it online?',
    'it is a long shot but did anyone hand in a green scarf?',
    'my brother parked on my lawn again, I am going to kill him haha',
    'found a phone on the bus, someone saved as Dad keeps calling it',
    'a car has been sat outside the shop for a month with flat tyres',
    'mae rhywun wedi dympio bagiau sbwriel yn y lôn eto, dim y tro cynta',
    'ydy’r lleidr wedi cael ei ddal eto?',
  ])('"%s" fires no risk rule', (text) => {
    expect(route(text)).not.toMatch(/urgent|emergency/);
  });
});
