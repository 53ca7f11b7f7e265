/** What every reviewer of an OGRS3 result should keep in mind. Shown with every output. */
export const OGRS3_LIMITATIONS: readonly string[] = [
  'Advisory only: a named decision-maker must make and record their own decision; this score must not decide anything by itself.',
  'OGRS3 is a static actuarial score built and validated on offenders in England and Wales in the 2000s (Howard et al. 2009); reoffending patterns, policing and sentencing have changed since.',
  'It uses only static facts (age, gender, criminal history, current offence) and ignores dynamic factors such as accommodation, employment, substance misuse, relationships or change since the offence.',
  'The percentage is the proven-reoffending rate of a group of people with the same scores, not a certainty about this individual.',
  'It predicts proven reoffending (a new conviction or caution), which depends on how offences are detected and prosecuted, not on offending itself.',
  'Predictive accuracy is known to differ across ethnic groups and between men and women; criminal history partly reflects differences in policing, so scores can carry those differences forward.',
];

/** Limitations of a locally trained logistic risk model, shown with every output. */
export const LOGISTIC_LIMITATIONS: readonly string[] = [
  'Advisory only: a named decision-maker must make and record their own decision; this score must not decide anything by itself.',
  'The model only knows the population and period it was trained on (see the model card datasheet); it may not transfer to another force, country or time.',
  'It uses only the features listed in the model card and ignores everything else about the person, including change since the records were made.',
  'The percentage is the outcome rate of a group of people with similar features, not a certainty about this individual.',
  'The outcome it was trained on (e.g. re-arrest or reconviction) depends on policing and prosecution, not on offending itself.',
  'Protected characteristics are excluded as features, but other features can stand in for them (see the proxy warnings and the bias audit in the model card).',
];
