import { FacilityType } from '../../src/domain/model';

/**
 * Name material for the synthetic graph. Each name comes in the Latin
 * spellings sources actually use for it (the first is the one most often
 * printed) and in Arabic script, so that search is measured on the
 * transliteration variants it exists to reconcile, not on unique strings.
 */
export interface NameForms {
  latin: readonly string[];
  arabic: string;
}

export const GIVEN_NAMES: readonly NameForms[] = [
  { latin: ['Abd al-Rahman', 'Abdulrahman', 'Abdel Rahman', 'Abdurrahman'], arabic: 'عبد الرحمن' },
  { latin: ['Muhammad', 'Mohammed', 'Mohamed', 'Mohammad'], arabic: 'محمد' },
  { latin: ['Ahmad', 'Ahmed'], arabic: 'أحمد' },
  { latin: ['Hussein', 'Husayn', 'Hussain'], arabic: 'حسين' },
  { latin: ['Omar', 'Umar'], arabic: 'عمر' },
  { latin: ['Khaled', 'Khalid'], arabic: 'خالد' },
  { latin: ['Mahmoud', 'Mahmud'], arabic: 'محمود' },
  { latin: ['Youssef', 'Yusuf', 'Yousef'], arabic: 'يوسف' },
  { latin: ['Abd al-Karim', 'Abdulkarim', 'Abdel Karim'], arabic: 'عبد الكريم' },
  { latin: ['Abd al-Aziz', 'Abdulaziz', 'Abdelaziz'], arabic: 'عبد العزيز' },
  { latin: ['Abdullah', 'Abdallah'], arabic: 'عبد الله' },
  { latin: ['Hassan', 'Hasan'], arabic: 'حسن' },
  { latin: ['Ali'], arabic: 'علي' },
  { latin: ['Ibrahim', 'Ebrahim'], arabic: 'إبراهيم' },
  { latin: ['Mustafa', 'Moustafa', 'Mostafa'], arabic: 'مصطفى' },
  { latin: ['Samir', 'Sameer'], arabic: 'سمير' },
  { latin: ['Walid', 'Waleed'], arabic: 'وليد' },
  { latin: ['Tariq', 'Tarek', 'Tareq'], arabic: 'طارق' },
  { latin: ['Riad', 'Riyad'], arabic: 'رياض' },
  { latin: ['Ghassan'], arabic: 'غسان' },
  { latin: ['Ayman'], arabic: 'أيمن' },
  { latin: ['Fadi'], arabic: 'فادي' },
  { latin: ['Bilal'], arabic: 'بلال' },
  { latin: ['Osama', 'Usama'], arabic: 'أسامة' },
  { latin: ['Mazen', 'Mazin'], arabic: 'مازن' },
  { latin: ['Yahya', 'Yehia'], arabic: 'يحيى' },
  { latin: ['Safi'], arabic: 'صافي' },
  { latin: ['Fatima', 'Fatma', 'Fatimah'], arabic: 'فاطمة' },
  { latin: ['Aisha', 'Aicha', 'Ayesha'], arabic: 'عائشة' },
  { latin: ['Zainab', 'Zeinab', 'Zaynab'], arabic: 'زينب' },
  { latin: ['Maryam', 'Mariam'], arabic: 'مريم' },
  { latin: ['Layla', 'Leila', 'Laila'], arabic: 'ليلى' },
  { latin: ['Nour', 'Noor'], arabic: 'نور' },
  { latin: ['Rania'], arabic: 'رانيا' },
  { latin: ['Huda', 'Houda'], arabic: 'هدى' },
  { latin: ['Amal'], arabic: 'أمل' },
  { latin: ['Razan'], arabic: 'رزان' },
  { latin: ['Samira', 'Sameera'], arabic: 'سميرة' },
];

export const FAMILY_NAMES: readonly NameForms[] = [
  { latin: ['al-Halabi', 'Al Halabi', 'Halabi'], arabic: 'الحلبي' },
  { latin: ['al-Hamwi', 'Hamwi'], arabic: 'الحموي' },
  { latin: ['al-Homsi', 'Homsi'], arabic: 'الحمصي' },
  { latin: ['al-Khatib', 'Al Khatib', 'Khatib'], arabic: 'الخطيب' },
  { latin: ['al-Masri', 'Masri'], arabic: 'المصري' },
  { latin: ['al-Shami', 'Shami'], arabic: 'الشامي' },
  { latin: ['Haddad'], arabic: 'حداد' },
  { latin: ['Darwish', 'Darwich'], arabic: 'درويش' },
  { latin: ['Kassem', 'Qasim', 'Kasem'], arabic: 'قاسم' },
  { latin: ['al-Yassin', 'Al Yasin', 'Yassin'], arabic: 'الياسين' },
  { latin: ['Shaaban', 'Shaban', 'Sha’ban'], arabic: 'شعبان' },
  { latin: ['Mahfouz', 'Mahfuz'], arabic: 'محفوظ' },
  { latin: ['al-Droubi', 'Droubi'], arabic: 'الدروبي' },
  { latin: ['Barakat'], arabic: 'بركات' },
  { latin: ['al-Atrash', 'Atrash'], arabic: 'الأطرش' },
  { latin: ['Jaber', 'Jabir'], arabic: 'جابر' },
  { latin: ['Suleiman', 'Sulayman', 'Soliman'], arabic: 'سليمان' },
  { latin: ['Mansour', 'Mansur'], arabic: 'منصور' },
  { latin: ['al-Zoubi', 'Al Zu’bi', 'Zoubi'], arabic: 'الزعبي' },
  { latin: ['al-Ahmad', 'Al Ahmad'], arabic: 'الأحمد' },
  { latin: ['Nasser', 'Nasir'], arabic: 'ناصر' },
  { latin: ['Othman', 'Uthman', 'Osman'], arabic: 'عثمان' },
  { latin: ['al-Hariri', 'Hariri'], arabic: 'الحريري' },
  { latin: ['al-Kurdi', 'Kurdi'], arabic: 'الكردي' },
  { latin: ['Abd al-Rahman', 'Abdulrahman', 'Abdelrahman'], arabic: 'عبد الرحمن' },
  { latin: ['Hamdan'], arabic: 'حمدان' },
  { latin: ['Saleh', 'Salih'], arabic: 'صالح' },
  { latin: ['al-Rifai', 'Al Rifa’i'], arabic: 'الرفاعي' },
  { latin: ['Ghazal'], arabic: 'غزال' },
  { latin: ['al-Omari', 'Al Omari'], arabic: 'العمري' },
];

export interface PlaceSeed {
  name: string;
  aliases: readonly string[];
  latitude: number;
  longitude: number;
}

/** Approximate coordinates: enough to draw a map, not to navigate by. */
export const PLACES: readonly PlaceSeed[] = [
  { name: 'Damascus', aliases: ['Dimashq', 'دمشق'], latitude: 33.51, longitude: 36.29 },
  { name: 'Aleppo', aliases: ['Halab', 'حلب'], latitude: 36.2, longitude: 37.16 },
  { name: 'Homs', aliases: ['Hims', 'حمص'], latitude: 34.73, longitude: 36.71 },
  { name: 'Hama', aliases: ['Hamah', 'حماة'], latitude: 35.13, longitude: 36.75 },
  { name: 'Latakia', aliases: ['Lattakia', 'al-Ladhiqiyah', 'اللاذقية'], latitude: 35.52, longitude: 35.79 },
  { name: 'Deir ez-Zor', aliases: ['Deir al-Zour', 'دير الزور'], latitude: 35.33, longitude: 40.14 },
  { name: 'Raqqa', aliases: ['al-Raqqah', 'الرقة'], latitude: 35.95, longitude: 39.01 },
  { name: 'Idlib', aliases: ['Idleb', 'إدلب'], latitude: 35.93, longitude: 36.63 },
  { name: 'Daraa', aliases: ['Deraa', 'Dar’a', 'درعا'], latitude: 32.62, longitude: 36.1 },
  { name: 'Tartus', aliases: ['Tartous', 'طرطوس'], latitude: 34.89, longitude: 35.89 },
  { name: 'Qamishli', aliases: ['al-Qamishli', 'القامشلي'], latitude: 37.05, longitude: 41.22 },
  { name: 'Douma', aliases: ['Duma', 'دوما'], latitude: 33.57, longitude: 36.4 },
  { name: 'Saydnaya', aliases: ['Sednaya', 'Saidnaya', 'صيدنايا'], latitude: 33.7, longitude: 36.38 },
  { name: 'Palmyra', aliases: ['Tadmur', 'Tadmor', 'تدمر'], latitude: 34.56, longitude: 38.27 },
  { name: 'Adra', aliases: ['عدرا'], latitude: 33.6, longitude: 36.51 },
  { name: 'Mezzeh', aliases: ['al-Mazzeh', 'Mazzeh', 'المزة'], latitude: 33.5, longitude: 36.25 },
  { name: 'Harasta', aliases: ['حرستا'], latitude: 33.56, longitude: 36.36 },
  { name: 'Zabadani', aliases: ['al-Zabadani', 'الزبداني'], latitude: 33.72, longitude: 36.1 },
  { name: 'Jableh', aliases: ['Jableh', 'جبلة'], latitude: 35.36, longitude: 35.92 },
  { name: 'Baniyas', aliases: ['Banias', 'بانياس'], latitude: 35.18, longitude: 35.94 },
  { name: 'Manbij', aliases: ['منبج'], latitude: 36.53, longitude: 37.95 },
  { name: 'al-Bab', aliases: ['Al Bab', 'الباب'], latitude: 36.37, longitude: 37.52 },
  { name: 'Azaz', aliases: ['A’zaz', 'اعزاز'], latitude: 36.59, longitude: 37.05 },
  { name: 'Salamiyah', aliases: ['Salamieh', 'السلمية'], latitude: 35.01, longitude: 37.05 },
  { name: 'Suwayda', aliases: ['Sweida', 'al-Suwayda', 'السويداء'], latitude: 32.71, longitude: 36.57 },
  { name: 'Quneitra', aliases: ['al-Qunaytirah', 'القنيطرة'], latitude: 33.13, longitude: 35.82 },
  { name: 'Maarat al-Numan', aliases: ['Ma’arrat al-Nu’man', 'معرة النعمان'], latitude: 35.64, longitude: 36.68 },
  { name: 'Jisr al-Shughur', aliases: ['Jisr ash-Shughur', 'جسر الشغور'], latitude: 35.81, longitude: 36.32 },
  { name: 'Kafr Nabl', aliases: ['Kafranbel', 'كفرنبل'], latitude: 35.61, longitude: 36.56 },
  { name: 'Darayya', aliases: ['Daraya', 'داريا'], latitude: 33.46, longitude: 36.24 },
  { name: 'Moadamiyeh', aliases: ['Muadamiyat al-Sham', 'معضمية الشام'], latitude: 33.46, longitude: 36.19 },
  { name: 'Qusayr', aliases: ['al-Qusayr', 'القصير'], latitude: 34.51, longitude: 36.58 },
  { name: 'Yabroud', aliases: ['Yabrud', 'يبرود'], latitude: 33.97, longitude: 36.66 },
  { name: 'Nabk', aliases: ['al-Nabk', 'النبك'], latitude: 34.02, longitude: 36.73 },
  { name: 'Qatana', aliases: ['قطنا'], latitude: 33.44, longitude: 36.08 },
  { name: 'al-Tall', aliases: ['Al Tall', 'التل'], latitude: 33.61, longitude: 36.31 },
  { name: 'Qaboun', aliases: ['al-Qaboun', 'القابون'], latitude: 33.54, longitude: 36.33 },
  { name: 'Jobar', aliases: ['جوبر'], latitude: 33.53, longitude: 36.33 },
];

/** Parts of generated village names ("Kafr Batna", "Tell Hamdan"). */
export const VILLAGE_PREFIXES: readonly string[] = ['Kafr', 'Tell', 'Deir', 'Ain', 'Beit', 'Khirbet', 'Jisr', 'Tal'];
export const VILLAGE_STEMS: readonly string[] = [
  'Batna',
  'Hamdan',
  'Sousa',
  'Zeita',
  'Jamal',
  'Sharqi',
  'Gharbi',
  'Khaled',
  'Hamra',
  'Ruman',
  'Sultan',
  'Nahr',
  'Zaytoun',
  'Baida',
  'Hajar',
  'Qasr',
];

export interface FacilitySeed {
  name: string;
  aliases: readonly string[];
  type: FacilityType;
  /** Index into PLACES of the town it stands in. */
  place: number;
  /** Index into this list of the facility it is part of. */
  partOf?: number;
}

export const FACILITIES: readonly FacilitySeed[] = [
  {
    name: 'Sednaya Prison',
    aliases: ['Saydnaya Prison', 'Saidnaya', 'سجن صيدنايا'],
    type: FacilityType.PRISON,
    place: 12,
  },
  {
    name: 'Sednaya Prison, Red Building',
    aliases: ['Red Building'],
    type: FacilityType.BUILDING,
    place: 12,
    partOf: 0,
  },
  {
    name: 'Sednaya Prison, White Building',
    aliases: ['White Building'],
    type: FacilityType.BUILDING,
    place: 12,
    partOf: 0,
  },
  { name: 'Adra Central Prison', aliases: ['Adra Prison', 'سجن عدرا'], type: FacilityType.PRISON, place: 14 },
  { name: 'Tadmur Military Prison', aliases: ['Palmyra Prison', 'سجن تدمر'], type: FacilityType.PRISON, place: 13 },
  {
    name: 'Mezzeh Military Airport',
    aliases: ['Mazzeh Airbase', 'مطار المزة العسكري'],
    type: FacilityType.AIRPORT,
    place: 15,
  },
  { name: 'Branch 215 (Raids Company)', aliases: ['Raids Branch', 'الفرع 215'], type: FacilityType.BRANCH, place: 0 },
  {
    name: 'Branch 235 (Palestine Branch)',
    aliases: ['Palestine Branch', 'فرع فلسطين'],
    type: FacilityType.BRANCH,
    place: 0,
  },
  {
    name: 'Branch 251 (al-Khatib Branch)',
    aliases: ['Al Khatib Branch', 'فرع الخطيب'],
    type: FacilityType.BRANCH,
    place: 0,
  },
  {
    name: 'Branch 227 (Damascus Region)',
    aliases: ['Region Branch', 'فرع المنطقة'],
    type: FacilityType.BRANCH,
    place: 0,
  },
  { name: 'Branch 248 (Military Interrogation)', aliases: ['الفرع 248'], type: FacilityType.BRANCH, place: 0 },
  { name: 'Aleppo Central Prison', aliases: ['سجن حلب المركزي'], type: FacilityType.PRISON, place: 1 },
  { name: 'Homs Central Prison', aliases: ['سجن حمص المركزي'], type: FacilityType.PRISON, place: 2 },
  { name: 'Hama Central Prison', aliases: ['سجن حماة المركزي'], type: FacilityType.PRISON, place: 3 },
  {
    name: 'Military Police, Qaboun',
    aliases: ['Qaboun Military Police'],
    type: FacilityType.DETENTION_CENTRE,
    place: 36,
  },
  { name: 'Air Force Intelligence, Harasta', aliases: ['Harasta Branch'], type: FacilityType.BRANCH, place: 16 },
];

/** Kinds of generated facilities: "Military Security Branch 261, Homs". */
export const FACILITY_PATTERNS: readonly { label: string; type: FacilityType }[] = [
  { label: 'Military Security Branch', type: FacilityType.BRANCH },
  { label: 'Political Security Branch', type: FacilityType.BRANCH },
  { label: 'Air Force Intelligence Branch', type: FacilityType.BRANCH },
  { label: 'State Security Branch', type: FacilityType.BRANCH },
  { label: 'Detention Centre', type: FacilityType.DETENTION_CENTRE },
  { label: 'Central Prison Section', type: FacilityType.SECTION },
  { label: 'Army Base', type: FacilityType.MILITARY_BASE },
];

export const ORGANIZATIONS: readonly { name: string; aliases: readonly string[] }[] = [
  { name: 'Air Force Intelligence Directorate', aliases: ['Air Force Intelligence', 'المخابرات الجوية'] },
  { name: 'Military Intelligence Directorate', aliases: ['Military Security', 'شعبة المخابرات العسكرية'] },
  { name: 'General Intelligence Directorate', aliases: ['State Security', 'إدارة المخابرات العامة'] },
  { name: 'Political Security Directorate', aliases: ['Political Security', 'شعبة الأمن السياسي'] },
  { name: 'Military Police', aliases: ['الشرطة العسكرية'] },
  { name: 'Fourth Armoured Division', aliases: ['4th Division', 'الفرقة الرابعة'] },
  { name: 'Republican Guard', aliases: ['الحرس الجمهوري'] },
  { name: 'National Defence Forces', aliases: ['NDF', 'قوات الدفاع الوطني'] },
  { name: 'Syrian Network for Human Rights', aliases: ['SNHR', 'الشبكة السورية لحقوق الإنسان'] },
  {
    name: 'Association of Detainees and the Missing in Sednaya Prison',
    aliases: ['ADMSP', 'رابطة معتقلي ومفقودي سجن صيدنايا'],
  },
  { name: 'Syrian Civil Defence', aliases: ['White Helmets', 'الدفاع المدني السوري'] },
  { name: 'Syria Justice and Accountability Centre', aliases: ['SJAC'] },
  { name: 'Caesar Files Group', aliases: ['Caesar'] },
  { name: 'Syrian Archive', aliases: ['الأرشيف السوري'] },
  { name: 'Violations Documentation Center', aliases: ['VDC', 'مركز توثيق الانتهاكات'] },
  { name: 'Families for Freedom', aliases: ['عائلات من أجل الحرية'] },
];

export const PUBLISHERS: readonly string[] = [
  'Amnesty International',
  'Human Rights Watch',
  'Syrian Network for Human Rights',
  'ADMSP',
  'UN Commission of Inquiry on Syria',
  'Reuters',
  'Associated Press',
  'Al Jazeera',
  'BBC News',
  'The Guardian',
  'Enab Baladi',
  'Syria Justice and Accountability Centre',
  'Violations Documentation Center',
  'Syrian Archive',
];

export const OCCUPATIONS: readonly string[] = [
  'engineer',
  'teacher',
  'student',
  'pharmacist',
  'lawyer',
  'doctor',
  'farmer',
  'taxi driver',
  'journalist',
  'nurse',
  'shopkeeper',
  'carpenter',
  'civil servant',
  'human rights advocate',
];

export const CONDITIONS: readonly string[] = [
  'mass hangings at night',
  'starvation rations',
  'overcrowded cells without light',
  'systematic beatings on arrival',
  'denial of medical care',
  'underground solitary cells',
];
