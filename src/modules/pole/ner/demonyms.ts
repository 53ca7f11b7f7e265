/**
 * Words for nationalities, peoples and faiths ("Israeli", "Iraqis", "Sunni", "Europeans"). Some
 * corpora mark them as places or organisations, others (and the Universal NER and CoNLL
 * guidelines, where they are not PER, LOC or ORG) leave them out; training keeps to the second.
 */
const WORDS = `
afghan african albanian algerian american andorran angolan argentine argentinian armenian asian
australian austrian azerbaijani bahraini bangladeshi barbadian belarusian belgian bolivian bosnian
brazilian british briton bulgarian burmese burundian cambodian cameroonian canadian chadian chilean
chinese colombian congolese croatian cuban cypriot czech danish dutch ecuadorian egyptian emirati
english eritrean estonian ethiopian european fijian filipino finnish french gabonese georgian german
ghanaian greek guatemalan guinean haitian honduran hungarian icelandic indian indonesian iranian
iraqi irish israeli italian ivorian jamaican japanese jordanian kazakh kenyan korean kosovar kuwaiti
kyrgyz lao laotian latvian lebanese liberian libyan lithuanian luxembourgish macedonian malagasy
malawian malaysian maldivian malian maltese mauritanian mexican moldovan mongolian montenegrin
moroccan mozambican namibian nepalese nepali nicaraguan nigerian nigerien norwegian omani pakistani
palestinian panamanian paraguayan persian peruvian polish portuguese qatari romanian russian rwandan
saudi scottish senegalese serbian sierra-leonean singaporean slovak slovakian slovenian somali
south-african spanish sri-lankan sudanese swedish swiss syrian taiwanese tajik tanzanian thai
tibetan togolese tunisian turkish turkmen ugandan ukrainian uruguayan uzbek venezuelan vietnamese
welsh yemeni zambian zimbabwean
arab arabic kurdish kurd pashtun tamil sikh punjabi bengali gujarati somali berber
hispanic latino latina caucasian anglo western westerner eastern asiatic scandinavian nordic
balkan baltic caribbean latin mediterranean slavic celtic gaelic
muslim moslem islamic islamist christian catholic protestant anglican methodist baptist orthodox
jewish jew hindu buddhist sunni shia shiite shi'ite sufi mormon evangelical pentecostal lutheran
presbyterian quaker amish atheist
american-born
`;

const BASE = new Set(WORDS.split(/\s+/).filter(Boolean));

/** Whether a word is a nationality, people or faith word, or its plural ("Iraqis", "Jews"). */
export function isDemonym(word: string): boolean {
  const w = word.toLowerCase();
  if (BASE.has(w)) return true;
  if (w.endsWith('es') && BASE.has(w.slice(0, -2))) return true;
  return w.endsWith('s') && BASE.has(w.slice(0, -1));
}
