/**
 * The published sources each rule cites. A rule's wording is ours; the risk it encodes comes from
 * the source named, so a reviewer can check why the rule exists.
 */
export const SOURCES = {
  graded_response:
    'National Call Handling Standards (ACPO/NPIA, 2005) and the Home Office National Standard for ' +
    'Incident Recording: an emergency is danger to life, use or immediate threat of violence, ' +
    'serious injury, serious damage to property, a crime in progress or an offender at the scene',
  thrive:
    'THRIVE (Threat, Harm, Risk, Investigation, Vulnerability, Engagement), the call-handling risk ' +
    'assessment in College of Policing guidance and force control rooms',
  dash:
    'DASH risk identification checklist (Domestic Abuse, Stalking and Harassment and Honour Based ' +
    'Violence, ACPO and SafeLives, 2009): injury, fear, isolation, control, strangulation, threats ' +
    'to kill, weapons, pregnancy, separation, escalation, breach of orders',
  stalking:
    'College of Policing APP on stalking and harassment and the DASH stalking questions; the FOUR ' +
    'cues (Fixated, Obsessive, Unwanted, Repeated) of the Suzy Lamplugh Trust',
  missing:
    'College of Policing APP Missing persons (risk assessment: out of character, age, medical ' +
    'needs, dementia, suicide risk, exploitation, a young child)',
  suicide:
    'Suicide and self-harm risk cues: NICE guideline NG225 Self-harm (2022), NHS and Samaritans ' +
    'warning signs (stated intent, a plan, means at hand, hopelessness, saying goodbye), and the ' +
    'College of Policing APP Mental health',
  exploitation:
    'College of Policing APP Child sexual exploitation; Home Office guidance Criminal exploitation ' +
    'of children and vulnerable adults: county lines (2018, updated 2023); Modern Slavery Act 2015',
  hate:
    'College of Policing Hate Crime Operational Guidance (2014): an incident perceived by the ' +
    'victim or anyone else to be motivated by hostility or prejudice (race, religion, sexual ' +
    'orientation, disability, transgender identity)',
  vulnerable_adult:
    'Care Act 2014 s.42 (adult at risk of abuse or neglect) and College of Policing APP ' +
    'vulnerability guidance (dementia and the Herbert Protocol)',
  codewords:
    "Home Office 'Ask for ANI' codeword scheme (2021) and 'Ask for Angela'; coded calls made " +
    'under duress (a caller who cannot speak freely)',
  human_request:
    'Home Office and Sciencewise public dialogue Artificial Intelligence in Policing (2025): a ' +
    'person can always be reached; the 101 assistant always offers one',
} as const;

export type SourceId = keyof typeof SOURCES;
