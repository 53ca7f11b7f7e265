/**
 * Offence categories named in a sentence, after the Home Office crime recording groups; the most
 * specific group is tried first ("robbed" is robbery, not theft).
 */
const CATEGORIES: Array<[string, RegExp]> = [
  [
    'Sexual offences',
    /\b(rape[ds]?|raping|sexual(ly)? assault(ed)?|indecent(ly)? (exposure|assault)|grooming|voyeurism|upskirting)\b/i,
  ],
  ['Robbery', /\b(robbery|robberies|robbed|mugg(ed|ing)|carjack(ed|ing))\b/i],
  [
    'Possession of weapons',
    /\b(possession of (an? )?(offensive weapon|bladed article|firearm|knife)|carrying (a|an) (knife|blade|weapon|firearm|gun))\b/i,
  ],
  [
    'Drug offences',
    /\b(possession with intent|(supply|supplying|dealing|possession) (of )?(controlled )?(drugs?|cocaine|heroin|cannabis|crack|class [abc])|drug dealing|cannabis (farm|factory|cultivation)|county lines)\b/i,
  ],
  [
    'Burglary',
    /\b(burglary|burglaries|burgled|burgle|broke into (the|a|his|her|their) (house|home|flat|property|premises|shed|garage)|break-in)\b/i,
  ],
  [
    'Vehicle offences',
    /\b(theft (of|from) (a |the )?(motor )?vehicle|car theft|twoc|taken without (the owner's )?consent|stolen (car|vehicle|van|motorbike))\b/i,
  ],
  [
    'Criminal damage and arson',
    /\b(criminal damage|arson|set (fire|alight)|vandalis(ed|m)|graffiti|smashed (the|a) (window|windscreen))\b/i,
  ],
  [
    'Violence against the person',
    /\b(assault(ed|ing)?|abh|gbh|wounding|punch(ed|ing)|kick(ed|ing)|stabb(ed|ing)|murder(ed)?|manslaughter|attack(ed)?|threats? to kill|harass(ment|ed)|stalk(ing|ed)|coercive (control|behaviour)|strangl(ed|ing)|headbutt(ed)?)\b/i,
  ],
  ['Public order offences', /\b(public order|affray|violent disorder|riot|threatening behaviour)\b/i],
  ['Theft', /\b(theft|thefts|stole|stolen|steal(ing)?|shoplift(ing|ed)?|pickpocket(ed)?)\b/i],
  ['Fraud', /\b(fraud|fraudulent(ly)?|scam(med)?|phishing|deception)\b/i],
];

export function offenceCategory(sentence: string): string | null {
  for (const [category, pattern] of CATEGORIES) if (pattern.test(sentence)) return category;
  return null;
}
