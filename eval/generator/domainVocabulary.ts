import { SeededRandom } from "./seededRandom.js";
import { WeightedTable, zipfWeights } from "./weightedTable.js";

/**
 * The shop's things that parameters name: products, search terms, voucher codes. Popularity is
 * Zipf-shaped, so a few products and terms carry most calls and a long tail carries the rest,
 * which is what makes distinct-value counts on search and product endpoints large but benign.
 */
export interface DomainVocabulary {
  products: WeightedTable<string>;
  searchTerms: WeightedTable<string>;
  /** Every search term, most popular first; the long tail is the end of this list. */
  searchTermList: readonly string[];
  vouchers: WeightedTable<string>;
  firstNames: readonly string[];
  notes: readonly string[];
  appVersions: WeightedTable<string>;
}

const PRODUCT_COUNT = 6_000;

const NOUNS = [
  "headphones",
  "laptop",
  "backpack",
  "sneakers",
  "jacket",
  "kettle",
  "blender",
  "desk lamp",
  "office chair",
  "monitor",
  "keyboard",
  "mouse",
  "phone case",
  "charger",
  "water bottle",
  "yoga mat",
  "tent",
  "sleeping bag",
  "garden hose",
  "lawn mower",
  "drill",
  "screwdriver set",
  "coffee maker",
  "espresso beans",
  "tea",
  "dog food",
  "cat litter",
  "aquarium",
  "bike helmet",
  "running shoes",
  "rain boots",
  "sunglasses",
  "watch",
  "wallet",
  "perfume",
  "shampoo",
  "toothbrush",
  "hair dryer",
  "board game",
  "puzzle",
  "lego",
  "doll house",
  "novel",
  "cookbook",
  "notebook",
  "fountain pen",
  "printer paper",
  "ink cartridge",
  "car wax",
  "tyre pump",
  "phone holder",
  "pillow",
  "duvet",
  "towels",
  "frying pan",
  "knife set",
  "air fryer",
  "vacuum cleaner",
  "smart speaker",
  "tablet",
];

const ADJECTIVES = [
  "wireless",
  "cheap",
  "best",
  "black",
  "white",
  "red",
  "blue",
  "kids",
  "mens",
  "womens",
  "waterproof",
  "organic",
  "large",
  "small",
  "ergonomic",
  "vintage",
  "portable",
  "electric",
  "stainless",
  "leather",
  "bamboo",
  "compact",
  "premium",
  "refurbished",
  "foldable",
  "quiet",
  "silver",
  "green",
  "lightweight",
  "heavy duty",
];

const BRAND_WORDS = ["northwind", "fabrikam", "tailspin", "adatum", "litware", "proseware"];

const CAMPAIGN_CODES = [
  "WELCOME10",
  "FREESHIP",
  "SPRING24",
  "VIP15",
  "NEWSLETTER5",
  "APPONLY",
  "STUDENT10",
  "BUNDLE20",
  "LOYALTY25",
  "FLASH30",
  "SUMMER24",
  "THANKYOU",
];

const FIRST_NAMES = [
  "anna",
  "ben",
  "chloe",
  "david",
  "emma",
  "farid",
  "greta",
  "hugo",
  "ines",
  "jonas",
  "kasia",
  "liam",
  "mila",
  "noah",
  "olga",
  "pablo",
  "quinn",
  "rosa",
  "sven",
  "tara",
  "umar",
  "vera",
];

const NOTES = [
  "please leave at the door",
  "gift wrap if possible",
  "call before delivery",
  "second floor, ring twice",
  "replacement for damaged item",
  "deliver after 5pm",
  "no plastic packaging please",
];

const APP_VERSIONS = ["5.14.2", "5.14.1", "5.13.0", "5.12.3", "5.11.0", "4.9.8"];

/** Builds the vocabulary for `seed`; equal seeds give equal vocabularies. */
export function buildDomainVocabulary(seed: number): DomainVocabulary {
  const random = SeededRandom.stream(seed, "vocabulary");
  const productIds = Array.from({ length: PRODUCT_COUNT }, () => random.hex(24));
  const searchTermList = random.shuffled(composeSearchTerms());
  return {
    products: new WeightedTable(withZipf(productIds, 0.9)),
    searchTerms: new WeightedTable(withZipf(searchTermList, 1.0)),
    searchTermList,
    vouchers: new WeightedTable(withZipf(CAMPAIGN_CODES, 1.1)),
    firstNames: FIRST_NAMES,
    notes: NOTES,
    appVersions: new WeightedTable(withZipf(APP_VERSIONS, 1.3)),
  };
}

function composeSearchTerms(): string[] {
  const terms = new Set<string>(NOUNS);
  for (const adjective of ADJECTIVES) for (const noun of NOUNS) terms.add(`${adjective} ${noun}`);
  for (const brand of BRAND_WORDS) for (const noun of NOUNS) terms.add(`${brand} ${noun}`);
  return [...terms];
}

function withZipf<T>(items: readonly T[], exponent: number): Array<[T, number]> {
  const weights = zipfWeights(items.length, exponent);
  return items.map((item, rank) => [item, weights[rank] as number]);
}
