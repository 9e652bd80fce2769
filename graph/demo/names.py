"""Built-in tables for the fictional demo generator (graph/demo/generator.py): names in three scripts, and the
organisations, courts, detention sites, case types and texts the demo data is made of."""
from __future__ import annotations

from datetime import date

# -- names: (Latin from Ukrainian, Ukrainian, Russian, Latin from Russian, another Latin spelling) ----------
# Detainees are named the Ukrainian way (Serhii), officials the Russian way (Sergei); the other spellings
# become aliases, because sources spell the same person differently.
MALE = [
    ("Serhii", "Сергій", "Сергей", "Sergei", "Sergey"),
    ("Oleksandr", "Олександр", "Александр", "Aleksandr", "Alexander"),
    ("Andrii", "Андрій", "Андрей", "Andrei", "Andrey"), ("Dmytro", "Дмитро", "Дмитрий", "Dmitrii", "Dmitry"),
    ("Yurii", "Юрій", "Юрий", "Yurii", "Yury"), ("Oleksii", "Олексій", "Алексей", "Aleksei", "Alexey"),
    ("Mykola", "Микола", "Николай", "Nikolai", "Nikolay"),
    ("Volodymyr", "Володимир", "Владимир", "Vladimir", "Wladimir"),
    ("Viktor", "Віктор", "Виктор", "Viktor", "Victor"), ("Ihor", "Ігор", "Игорь", "Igor", "Igor"),
    ("Vitalii", "Віталій", "Виталий", "Vitalii", "Vitaly"), ("Pavlo", "Павло", "Павел", "Pavel", "Pavel"),
    ("Roman", "Роман", "Роман", "Roman", "Roman"), ("Stanislav", "Станіслав", "Станислав", "Stanislav", "Stanislaw"),
    ("Maksym", "Максим", "Максим", "Maksim", "Maxim"), ("Yevhen", "Євген", "Евгений", "Evgenii", "Yevgeny"),
    ("Vasyl", "Василь", "Василий", "Vasilii", "Vasily"), ("Ivan", "Іван", "Иван", "Ivan", "Iwan"),
    ("Mykhailo", "Михайло", "Михаил", "Mikhail", "Michail"),
    ("Anatolii", "Анатолій", "Анатолий", "Anatolii", "Anatoly"),
    ("Valerii", "Валерій", "Валерий", "Valerii", "Valery"),
    ("Hennadii", "Геннадій", "Геннадий", "Gennadii", "Gennady"),
]
FEMALE = [
    ("Olena", "Олена", "Елена", "Elena", "Yelena"), ("Nataliia", "Наталія", "Наталья", "Natalia", "Natalya"),
    ("Iryna", "Ірина", "Ирина", "Irina", "Iryna"), ("Tetiana", "Тетяна", "Татьяна", "Tatiana", "Tatyana"),
    ("Liudmyla", "Людмила", "Людмила", "Liudmila", "Lyudmila"), ("Halyna", "Галина", "Галина", "Galina", "Halina"),
    ("Oksana", "Оксана", "Оксана", "Oksana", "Oxana"), ("Viktoriia", "Вікторія", "Виктория", "Viktoriia", "Victoria"),
    ("Yuliia", "Юлія", "Юлия", "Iuliia", "Yulia"), ("Svitlana", "Світлана", "Светлана", "Svetlana", "Swetlana"),
    ("Olha", "Ольга", "Ольга", "Olga", "Olha"), ("Hanna", "Ганна", "Анна", "Anna", "Ganna"),
]
SURNAMES_UA = [  # the same for women and men
    ("Kovalenko", "Коваленко", "Коваленко", "Kovalenko", "Kowalenko"),
    ("Shevchenko", "Шевченко", "Шевченко", "Shevchenko", "Schewtschenko"),
    ("Bondarenko", "Бондаренко", "Бондаренко", "Bondarenko", "Bondarenko"),
    ("Tkachenko", "Ткаченко", "Ткаченко", "Tkachenko", "Tkatchenko"),
    ("Kravchenko", "Кравченко", "Кравченко", "Kravchenko", "Krawtschenko"),
    ("Melnyk", "Мельник", "Мельник", "Melnik", "Melnyk"), ("Boiko", "Бойко", "Бойко", "Boiko", "Boyko"),
    ("Kovalchuk", "Ковальчук", "Ковальчук", "Kovalchuk", "Kowaltschuk"),
    ("Savchuk", "Савчук", "Савчук", "Savchuk", "Sawtschuk"),
    ("Marchenko", "Марченко", "Марченко", "Marchenko", "Martschenko"),
    ("Lysenko", "Лисенко", "Лысенко", "Lysenko", "Lissenko"), ("Rudenko", "Руденко", "Руденко", "Rudenko", "Rudenko"),
    ("Moroz", "Мороз", "Мороз", "Moroz", "Moros"), ("Pavlenko", "Павленко", "Павленко", "Pavlenko", "Pawlenko"),
    ("Polishchuk", "Поліщук", "Полищук", "Polishchuk", "Polischuk"),
    ("Sydorenko", "Сидоренко", "Сидоренко", "Sidorenko", "Sydorenko"),
    ("Honcharenko", "Гончаренко", "Гончаренко", "Goncharenko", "Hontscharenko"),
    ("Hrytsenko", "Гриценко", "Гриценко", "Gritsenko", "Hrytsenko"),
    ("Ostapchuk", "Остапчук", "Остапчук", "Ostapchuk", "Ostaptschuk"),
    ("Levchenko", "Левченко", "Левченко", "Levchenko", "Lewtschenko"),
    ("Zinchenko", "Зінченко", "Зинченко", "Zinchenko", "Sintschenko"),
    ("Kuzmenko", "Кузьменко", "Кузьменко", "Kuzmenko", "Kusmenko"),
    ("Yaremchuk", "Яремчук", "Яремчук", "Iaremchuk", "Jaremtschuk"),
    ("Karpenko", "Карпенко", "Карпенко", "Karpenko", "Karpenko"),
]
TATAR_MALE = [
    ("Server", "Сервер", "Сервер", "Server", "Server"),
    ("Emir-Usein", "Емір-Усеїн", "Эмир-Усеин", "Emir-Usein", "Emir-Useyin"),
    ("Remzi", "Ремзі", "Ремзи", "Remzi", "Remzi"), ("Enver", "Енвер", "Энвер", "Enver", "Enwer"),
    ("Ruslan", "Руслан", "Руслан", "Ruslan", "Ruslan"), ("Ernest", "Ернест", "Эрнест", "Ernest", "Ernest"),
    ("Seiran", "Сейран", "Сейран", "Seiran", "Seyran"), ("Timur", "Тимур", "Тимур", "Timur", "Timur"),
    ("Rustem", "Рустем", "Рустем", "Rustem", "Rustem"), ("Nariman", "Наріман", "Нариман", "Nariman", "Nariman"),
    ("Eskender", "Ескендер", "Эскендер", "Eskender", "Eskender"),
    ("Diliaver", "Ділявер", "Дилявер", "Dilyaver", "Dilaver"), ("Refat", "Рефат", "Рефат", "Refat", "Refat"),
    ("Muslim", "Муслім", "Муслим", "Muslim", "Muslim"), ("Aider", "Айдер", "Айдер", "Aider", "Ayder"),
    ("Osman", "Осман", "Осман", "Osman", "Osman"), ("Izzet", "Іззет", "Иззет", "Izzet", "Izzet"),
    ("Memet", "Мемет", "Мемет", "Memet", "Mehmet"), ("Lenur", "Ленур", "Ленур", "Lenur", "Lenur"),
    ("Asan", "Асан", "Асан", "Asan", "Hasan"), ("Ferat", "Ферат", "Ферат", "Ferat", "Ferat"),
    ("Ibraim", "Ібраїм", "Ибраим", "Ibraim", "Ibrahim"), ("Bekir", "Бекір", "Бекир", "Bekir", "Bekir"),
    ("Edem", "Едем", "Эдем", "Edem", "Edem"),
]
TATAR_FEMALE = [
    ("Leniie", "Леніє", "Ление", "Lenie", "Leniye"), ("Zarema", "Зарема", "Зарема", "Zarema", "Zarema"),
    ("Elvira", "Ельвіра", "Эльвира", "Elvira", "Elwira"), ("Diliara", "Діляра", "Диляра", "Dilyara", "Dilara"),
    ("Esma", "Есма", "Эсма", "Esma", "Esma"), ("Lutfiie", "Лютфіє", "Лютфие", "Lutfie", "Lutfiye"),
    ("Aishe", "Айше", "Айше", "Aishe", "Ayshe"), ("Emine", "Еміне", "Эмине", "Emine", "Emine"),
]
SURNAMES_TATAR = [  # masculine; feminine adds FEMININE
    ("Ibraimov", "Ібраїмов", "Ибраимов", "Ibraimov", "Ibragimov"),
    ("Asanov", "Асанов", "Асанов", "Asanov", "Hasanov"),
    ("Seitumerov", "Сеїтумеров", "Сеитумеров", "Seitumerov", "Seytumerov"),
    ("Bekirov", "Бекіров", "Бекиров", "Bekirov", "Bekirow"),
    ("Abdullaiev", "Абдуллаєв", "Абдуллаев", "Abdullaev", "Abdullayev"),
    ("Umerov", "Умеров", "Умеров", "Umerov", "Umerow"),
    ("Mustafaiev", "Мустафаєв", "Мустафаев", "Mustafaev", "Mustafayev"),
    ("Kurtumerov", "Куртумеров", "Куртумеров", "Kurtumerov", "Kurtumerow"),
    ("Ametov", "Аметов", "Аметов", "Ametov", "Ametow"), ("Osmanov", "Османов", "Османов", "Osmanov", "Osmanow"),
    ("Emirov", "Еміров", "Эмиров", "Emirov", "Emirow"), ("Memetov", "Меметов", "Меметов", "Memetov", "Memetow"),
    ("Beliialov", "Белялов", "Белялов", "Belyalov", "Belialov"),
    ("Kadyrov", "Кадиров", "Кадыров", "Kadyrov", "Kadirov"),
    ("Dzheliialov", "Джелялов", "Джелялов", "Dzhelyalov", "Djelyalov"),
    ("Aliiev", "Алієв", "Алиев", "Aliev", "Aliyev"), ("Ismailov", "Ісмаїлов", "Исмаилов", "Ismailov", "Ismaylov"),
    ("Kurtseitov", "Куртсеїтов", "Куртсеитов", "Kurtseitov", "Kurtseytov"),
]
SURNAMES_RU = [  # masculine; feminine adds FEMININE
    ("Ivanov", "Іванов", "Иванов", "Ivanov", "Iwanow"), ("Petrov", "Петров", "Петров", "Petrov", "Petrow"),
    ("Smirnov", "Смирнов", "Смирнов", "Smirnov", "Smirnow"),
    ("Kuznietsov", "Кузнєцов", "Кузнецов", "Kuznetsov", "Kusnezow"), ("Popov", "Попов", "Попов", "Popov", "Popow"),
    ("Sokolov", "Соколов", "Соколов", "Sokolov", "Sokolow"), ("Morozov", "Морозов", "Морозов", "Morozov", "Morosow"),
    ("Volkov", "Волков", "Волков", "Volkov", "Wolkow"), ("Lebediev", "Лебедєв", "Лебедев", "Lebedev", "Lebedew"),
    ("Kozlov", "Козлов", "Козлов", "Kozlov", "Koslow"), ("Novikov", "Новіков", "Новиков", "Novikov", "Nowikow"),
    ("Orlov", "Орлов", "Орлов", "Orlov", "Orlow"), ("Bielov", "Бєлов", "Белов", "Belov", "Below"),
    ("Zaitsev", "Зайцев", "Зайцев", "Zaitsev", "Saizew"), ("Pavlov", "Павлов", "Павлов", "Pavlov", "Pawlow"),
    ("Semenov", "Семенов", "Семёнов", "Semenov", "Semyonov"),
    ("Holubiev", "Голубєв", "Голубев", "Golubev", "Golubew"),
    ("Vynohradov", "Виноградов", "Виноградов", "Vinogradov", "Winogradow"),
    ("Bohdanov", "Богданов", "Богданов", "Bogdanov", "Bogdanow"),
    ("Tarasov", "Тарасов", "Тарасов", "Tarasov", "Tarasow"), ("Frolov", "Фролов", "Фролов", "Frolov", "Frolow"),
    ("Makarov", "Макаров", "Макаров", "Makarov", "Makarow"),
    ("Zakharov", "Захаров", "Захаров", "Zakharov", "Sacharow"),
    ("Hryshyn", "Гришин", "Гришин", "Grishin", "Grischin"), ("Nikitin", "Нікітін", "Никитин", "Nikitin", "Nikitine"),
    ("Yegorov", "Єгоров", "Егоров", "Egorov", "Yegorov"),
]
FEMININE = ("a", "а", "а", "a", "a")
# (Latin masc., Latin fem., Ukrainian masc., Ukrainian fem., Russian masc., Russian fem.)
PATRONYMICS = [
    ("Viktorovich", "Viktorovna", "Вікторович", "Вікторівна", "Викторович", "Викторовна"),
    ("Aleksandrovich", "Aleksandrovna", "Олександрович", "Олександрівна", "Александрович", "Александровна"),
    ("Nikolaevich", "Nikolaevna", "Миколайович", "Миколаївна", "Николаевич", "Николаевна"),
    ("Sergeevich", "Sergeevna", "Сергійович", "Сергіївна", "Сергеевич", "Сергеевна"),
    ("Vladimirovich", "Vladimirovna", "Володимирович", "Володимирівна", "Владимирович", "Владимировна"),
    ("Ivanovich", "Ivanovna", "Іванович", "Іванівна", "Иванович", "Ивановна"),
    ("Petrovich", "Petrovna", "Петрович", "Петрівна", "Петрович", "Петровна"),
    ("Yurievich", "Yurievna", "Юрійович", "Юріївна", "Юрьевич", "Юрьевна"),
    ("Mikhailovich", "Mikhailovna", "Михайлович", "Михайлівна", "Михайлович", "Михайловна"),
    ("Anatolievich", "Anatolievna", "Анатолійович", "Анатоліївна", "Анатольевич", "Анатольевна"),
]
# The busiest judge (official 0): a surname kept out of the random pool, so the name is unique in every run.
BUSY_JUDGE = (MALE[21], ("Kurhanov", "Курганов", "Курганов", "Kurganov", "Kurganow"), PATRONYMICS[0])

BIRTH_PLACES = {
    "crimea": ["Simferopol", "Sevastopol", "Kerch", "Feodosiia", "Yevpatoriia", "Yalta"],
    "tatar": ["Samarkand, Uzbek SSR", "Tashkent, Uzbek SSR", "Bakhchysarai", "Simferopol", "Bilohirsk", "Stary Krym"],
    "donetsk": ["Donetsk", "Makiivka", "Horlivka", "Yenakiieve"],
    "luhansk": ["Luhansk", "Alchevsk", "Kadiivka", "Khrustalnyi"],
    "other_occupied": ["Kherson", "Melitopol", "Nova Kakhovka", "Berdiansk", "Enerhodar"],
    "russia": ["Kyiv", "Kharkiv", "Dnipro", "Odesa", "Zaporizhzhia"],
}
TOWNS = ["Bakhchysarai", "Simferopol", "Yalta", "Alushta", "Dzhankoi", "Bilohirsk", "Sudak", "Stary Krym", "Sevastopol"]

# -- organisations: key, kind, region, location, parent, name, Ukrainian, Russian ---------------------------
ORGS = [
    ("fsb_rf", "fsb", "russia", "Moscow", None, "Federal Security Service of the Russian Federation (FSB)",
     "Федеральна служба безпеки Російської Федерації", "Федеральная служба безопасности Российской Федерации"),
    ("fsb_crimea", "fsb", "crimea", "Simferopol", "fsb_rf",
     "FSB Directorate for the Republic of Crimea and Sevastopol",
     "Управління ФСБ Росії по Республіці Крим і Севастополю",
     "Управление ФСБ России по Республике Крым и г. Севастополю"),
    ("fsb_rostov", "fsb", "russia", "Rostov-on-Don", "fsb_rf", "FSB Directorate for Rostov Oblast",
     "Управління ФСБ Росії по Ростовській області", "Управление ФСБ России по Ростовской области"),
    ("fsb_south", "fsb", "other_occupied", "Melitopol", "fsb_rf",
     "FSB Directorate for the occupied Zaporizhzhia region", "Управління ФСБ Росії по окупованій Запорізькій області",
     "Управление ФСБ России по Запорожской области"),
    ("ic_rf", "investigative_committee", "russia", "Moscow", None,
     "Investigative Committee of the Russian Federation", "Слідчий комітет Російської Федерації",
     "Следственный комитет Российской Федерации"),
    ("ic_crimea", "investigative_committee", "crimea", "Simferopol", "ic_rf",
     "Main Investigative Directorate of the Investigative Committee for Crimea and Sevastopol",
     "Головне слідче управління СК Росії по Республіці Крим і Севастополю",
     "Главное следственное управление СК России по Республике Крым и г. Севастополю"),
    ("pgo_rf", "prosecutor", "russia", "Moscow", None, "Prosecutor General's Office of the Russian Federation",
     "Генеральна прокуратура Російської Федерації", "Генеральная прокуратура Российской Федерации"),
    ("pr_crimea", "prosecutor", "crimea", "Simferopol", "pgo_rf", "Prosecutor's Office of the Republic of Crimea",
     "Прокуратура Республіки Крим", "Прокуратура Республики Крым"),
    ("pr_military_south", "prosecutor", "russia", "Rostov-on-Don", "pgo_rf",
     "Southern District Military Prosecutor's Office", "Військова прокуратура Південного військового округу",
     "Военная прокуратура Южного военного округа"),
    ("pr_rostov", "prosecutor", "russia", "Rostov-on-Don", "pgo_rf", "Prosecutor's Office of Rostov Oblast",
     "Прокуратура Ростовської області", "Прокуратура Ростовской области"),
    ("mvd_crimea", "police", "crimea", "Simferopol", None, "Ministry of Internal Affairs for the Republic of Crimea",
     "Міністерство внутрішніх справ по Республіці Крим", "Министерство внутренних дел по Республике Крым"),
    ("center_e", "police", "crimea", "Simferopol", "mvd_crimea",
     "Centre for Countering Extremism of the Crimean police (Centre 'E')",
     "Центр протидії екстремізму МВС по Республіці Крим", "Центр противодействия экстремизму МВД по Республике Крым"),
    ("health_crimea", "ministry", "crimea", "Simferopol", None,
     "so-called 'Ministry of Health' of the 'Republic of Crimea'",
     "так зване «Міністерство охорони здоров'я» «Республіки Крим»",
     "так называемое «Министерство здравоохранения» «Республики Крым»"),
    ("police_kherson", "police", "other_occupied", "Kherson", None, "Occupation police of the Kherson region",
     "Окупаційна поліція Херсонської області", "Оккупационная полиция Херсонской области"),
    ("fsin", "penitentiary", "russia", "Moscow", None, "Federal Penitentiary Service of Russia (FSIN)",
     "Федеральна служба виконання покарань Росії", "Федеральная служба исполнения наказаний России"),
    ("fsin_crimea", "penitentiary", "crimea", "Simferopol", "fsin",
     "FSIN Directorate for the Republic of Crimea and Sevastopol", "УФСВП Росії по Республіці Крим і Севастополю",
     "УФСИН России по Республике Крым и г. Севастополю"),
    ("fsin_rostov", "penitentiary", "russia", "Rostov-on-Don", "fsin", "FSIN Directorate for Rostov Oblast",
     "ГУФСВП Росії по Ростовській області", "ГУФСИН России по Ростовской области"),
    ("fsin_bashkortostan", "penitentiary", "russia", "Ufa", "fsin",
     "FSIN Directorate for the Republic of Bashkortostan", "УФСВП Росії по Республіці Башкортостан",
     "УФСИН России по Республике Башкортостан"),
    ("fsin_mordovia", "penitentiary", "russia", "Saransk", "fsin", "FSIN Directorate for the Republic of Mordovia",
     "УФСВП Росії по Республіці Мордовія", "УФСИН России по Республике Мордовия"),
    ("mgb_dpr", "armed_group", "donetsk", "Donetsk", None, "so-called 'Ministry of State Security' of the 'DPR'",
     "так зване «Міністерство державної безпеки» «ДНР»",
     "так называемое «Министерство государственной безопасности» «ДНР»"),
    ("mgb_lpr", "armed_group", "luhansk", "Luhansk", None, "so-called 'Ministry of State Security' of the 'LPR'",
     "так зване «Міністерство державної безпеки» «ЛНР»",
     "так называемое «Министерство государственной безопасности» «ЛНР»"),
    ("pgo_dpr", "prosecutor", "donetsk", "Donetsk", None, "so-called 'Prosecutor General's Office' of the 'DPR'",
     "так звана «Генеральна прокуратура» «ДНР»", "так называемая «Генеральная прокуратура» «ДНР»"),
    ("pgo_lpr", "prosecutor", "luhansk", "Luhansk", None, "so-called 'Prosecutor General's Office' of the 'LPR'",
     "так звана «Генеральна прокуратура» «ЛНР»", "так называемая «Генеральная прокуратура» «ЛНР»"),
    ("pen_dpr", "penitentiary", "donetsk", "Donetsk", None, "so-called 'Penitentiary Service' of the 'DPR'",
     "так звана «Пенітенціарна служба» «ДНР»", "так называемая «Пенитенциарная служба» «ДНР»"),
    ("pen_lpr", "penitentiary", "luhansk", "Luhansk", None, "so-called 'Penitentiary Service' of the 'LPR'",
     "так звана «Пенітенціарна служба» «ЛНР»", "так называемая «Пенитенциарная служба» «ЛНР»"),
]
COURTS = [  # key, region, location, parent, name, Ukrainian, Russian
    ("sdmc", "russia", "Rostov-on-Don", "appeal_mil", "Southern District Military Court (Rostov-on-Don)",
     "Південний окружний військовий суд (Ростов-на-Дону)", "Южный окружной военный суд (Ростов-на-Дону)"),
    ("sc_crimea", "crimea", "Simferopol", "sc_rf", "Supreme Court of the Republic of Crimea",
     "Верховний суд Республіки Крим", "Верховный суд Республики Крым"),
    ("kyiv_simf", "crimea", "Simferopol", "sc_crimea", "Kyiv District Court of Simferopol",
     "Київський районний суд Сімферополя", "Киевский районный суд Симферополя"),
    ("zal_simf", "crimea", "Simferopol", "sc_crimea", "Zaliznychnyi District Court of Simferopol",
     "Залізничний районний суд Сімферополя", "Железнодорожный районный суд Симферополя"),
    ("bakh", "crimea", "Bakhchysarai", "sc_crimea", "Bakhchysarai District Court", "Бахчисарайський районний суд",
     "Бахчисарайский районный суд"),
    ("dzhankoi", "crimea", "Dzhankoi", "sc_crimea", "Dzhankoi District Court", "Джанкойський районний суд",
     "Джанкойский районный суд"),
    ("gagarin_sev", "crimea", "Sevastopol", "sev_city", "Haharinskyi District Court of Sevastopol",
     "Гагарінський районний суд Севастополя", "Гагаринский районный суд Севастополя"),
    ("rostov_reg", "russia", "Rostov-on-Don", "sc_rf", "Rostov Regional Court", "Ростовський обласний суд",
     "Ростовский областной суд"),
    ("lefortovo", "russia", "Moscow", "moscow_city", "Lefortovo District Court of Moscow",
     "Лефортовський районний суд Москви", "Лефортовский районный суд Москвы"),
    ("sc_dpr", "donetsk", "Donetsk", None, "so-called 'Supreme Court' of the 'DPR'",
     "так званий «Верховний суд» «ДНР»", "так называемый «Верховный суд» «ДНР»"),
    ("sc_lpr", "luhansk", "Luhansk", None, "so-called 'Supreme Court' of the 'LPR'",
     "так званий «Верховний суд» «ЛНР»", "так называемый «Верховный суд» «ЛНР»"),
    ("sev_city", "crimea", "Sevastopol", "sc_rf", "Sevastopol City Court", "Севастопольський міський суд",
     "Севастопольский городской суд"),
    ("moscow_city", "russia", "Moscow", "sc_rf", "Moscow City Court", "Московський міський суд",
     "Московский городской суд"),
    ("appeal_mil", "russia", "Vlasikha", "sc_rf", "Appellate Military Court", "Апеляційний військовий суд",
     "Апелляционный военный суд"),
    ("sc_rf", "russia", "Moscow", None, "Supreme Court of the Russian Federation",
     "Верховний Суд Російської Федерації", "Верховный Суд Российской Федерации"),
]
JURISDICTION = {
    "crimea": "Russian Federation (occupied Crimea)", "russia": "Russian Federation",
    "donetsk": "so-called 'DPR' (occupied Donetsk region)", "luhansk": "so-called 'LPR' (occupied Luhansk region)",
    "other_occupied": "Russian Federation (occupied Zaporizhzhia and Kherson regions)",
}

# -- detention sites: key, kind, region, location, latitude, longitude, run by, name, Ukrainian, Russian -----
SITES = [
    ("sizo1_simf", "sizo", "crimea", "Simferopol", 44.9572, 34.1108, "fsin_crimea", "SIZO-1 Simferopol",
     "СІЗО-1 Сімферополь", "СИЗО-1 Симферополь"),
    ("sizo4_rostov", "sizo", "russia", "Rostov-on-Don", 47.2357, 39.7015, "fsin_rostov", "SIZO-4 Rostov-on-Don",
     "СІЗО-4 Ростов-на-Дону", "СИЗО-4 Ростов-на-Дону"),
    ("izolyatsia", "unofficial", "donetsk", "Donetsk", 47.9903, 37.789, "mgb_dpr", "Izolyatsia (unofficial prison)",
     "«Ізоляція»", "«Изоляция»"),
    ("sizo2_taganrog", "sizo", "russia", "Taganrog", 47.2362, 38.8969, "fsin_rostov", "SIZO-2 Taganrog",
     "СІЗО-2 Таганрог", "СИЗО-2 Таганрог"),
    ("sizo_donetsk", "sizo", "donetsk", "Donetsk", 48.0159, 37.8029, "pen_dpr", "Donetsk SIZO", "Донецький СІЗО",
     "Донецкий СИЗО"),
    ("sizo_luhansk", "sizo", "luhansk", "Luhansk", 48.574, 39.3078, "pen_lpr", "Luhansk SIZO", "Луганський СІЗО",
     "Луганский СИЗО"),
    ("ivs_simf", "temporary_detention", "crimea", "Simferopol", 44.9483, 34.1002, "mvd_crimea",
     "Temporary detention facility, Simferopol", "Ізолятор тимчасового тримання, Сімферополь",
     "Изолятор временного содержания, Симферополь"),
    ("olenivka", "colony", "donetsk", "Olenivka", 47.84, 37.66, "pen_dpr", "Colony No. 120, Olenivka",
     "Колонія № 120, Оленівка", "Колония № 120, Еленовка"),
    ("mgb_luhansk", "unofficial", "luhansk", "Luhansk", 48.567, 39.3171, "mgb_lpr", "MGB building basement, Luhansk",
     "Підвал будівлі «МДБ», Луганськ", "Подвал здания «МГБ», Луганск"),
    ("fsb_simf", "unofficial", "crimea", "Simferopol", 44.9521, 34.1024, "fsb_crimea",
     "FSB building basement, Simferopol", "Підвал будівлі ФСБ, Сімферополь", "Подвал здания ФСБ, Симферополь"),
    ("lefortovo_sizo", "sizo", "russia", "Moscow", 55.764, 37.703, "fsin", "Lefortovo SIZO, Moscow",
     "СІЗО «Лефортово», Москва", "СИЗО «Лефортово», Москва"),
    ("ik2_salavat", "colony", "russia", "Salavat, Bashkortostan", 53.3617, 55.9249, "fsin_bashkortostan",
     "Penal colony IK-2, Salavat", "Виправна колонія № 2, Салават", "Исправительная колония № 2, Салават"),
    ("ik11_yavas", "colony", "russia", "Yavas, Mordovia", 54.4205, 42.8583, "fsin_mordovia",
     "Penal colony IK-11, Yavas", "Виправна колонія № 11, Явас", "Исправительная колония № 11, Явас"),
    ("ik10_novocherkassk", "colony", "russia", "Novocherkassk", 47.422, 40.0939, "fsin_rostov",
     "Penal colony IK-10, Novocherkassk", "Виправна колонія № 10, Новочеркаськ",
     "Исправительная колония № 10, Новочеркасск"),
    ("sizo2_simf", "sizo", "crimea", "Simferopol", 44.993, 34.061, "fsin_crimea", "SIZO-2 Simferopol",
     "СІЗО-2 Сімферополь", "СИЗО-2 Симферополь"),
    ("psych_simf", "psychiatric", "crimea", "Simferopol", 44.969, 34.152, "health_crimea",
     "Psychiatric Hospital No. 1, Simferopol", "Психіатрична лікарня № 1, Сімферополь",
     "Психиатрическая больница № 1, Симферополь"),
    ("ivs_kherson", "temporary_detention", "other_occupied", "Kherson", 46.6354, 32.6169, "police_kherson",
     "Temporary detention facility, Kherson (occupation period)", "ІТТ Херсон (період окупації)",
     "ИВС Херсон (период оккупации)"),
    ("melitopol_unofficial", "unofficial", "other_occupied", "Melitopol", 46.8489, 35.3653, "fsb_south",
     "Unofficial detention site, Melitopol", "Неофіційне місце утримання, Мелітополь",
     "Неофициальное место содержания, Мелитополь"),
]
COLONIES = ["ik2_salavat", "ik11_yavas", "ik10_novocherkassk"]
# Where detainees are taken, in order: each step is a choice of sites ("colony" = one of COLONIES).
PATHS = {
    "crimea": [["ivs_simf", "fsb_simf"], ["sizo1_simf", "sizo1_simf", "sizo2_simf"], ["sizo4_rostov"], ["colony"]],
    "donetsk": [["izolyatsia"], ["sizo_donetsk"], ["olenivka"], ["sizo2_taganrog"]],
    "luhansk": [["mgb_luhansk"], ["sizo_luhansk"], ["sizo2_taganrog"]],
    "other_occupied": [["ivs_kherson", "melitopol_unofficial"], ["sizo2_taganrog"], ["sizo4_rostov"], ["colony"]],
    "russia": [["lefortovo_sizo", "sizo4_rostov"], ["colony"]],
}

# -- who works where: slot (org key, or site key for heads) and weight; the first ones are filled first -----
SLOTS = {
    "judge": [("sdmc", 12), ("sc_crimea", 6), ("kyiv_simf", 3), ("zal_simf", 2), ("bakh", 1), ("dzhankoi", 1),
              ("gagarin_sev", 1), ("rostov_reg", 3), ("lefortovo", 1), ("sc_dpr", 4), ("sc_lpr", 3), ("sev_city", 1),
              ("moscow_city", 1), ("appeal_mil", 1), ("sc_rf", 1)],
    "prosecutor": [("pr_military_south", 4), ("pr_crimea", 4), ("pgo_dpr", 2), ("pgo_lpr", 2), ("pr_rostov", 2),
                   ("pgo_rf", 1)],
    "investigator": [("fsb_crimea", 5), ("ic_crimea", 3), ("mgb_dpr", 2), ("mgb_lpr", 2), ("fsb_south", 2),
                     ("fsb_rostov", 2), ("fsb_rf", 1)],
    "fsb": [("fsb_crimea", 5), ("mgb_dpr", 3), ("mgb_lpr", 2), ("fsb_south", 2), ("fsb_rostov", 2), ("center_e", 2),
            ("fsb_rf", 1)],
    "head": [("sizo1_simf", 1), ("sizo4_rostov", 1), ("izolyatsia", 1), ("sizo2_taganrog", 1), ("sizo_donetsk", 1),
             ("sizo_luhansk", 1), ("ivs_simf", 1), ("olenivka", 1), ("mgb_luhansk", 1), ("fsb_simf", 1),
             ("lefortovo_sizo", 1), ("ik2_salavat", 1), ("ik11_yavas", 1), ("ik10_novocherkassk", 1),
             ("sizo2_simf", 1), ("psych_simf", 1), ("ivs_kherson", 1), ("melitopol_unofficial", 1)],
}
# (share of officials, minimum, female share, titles, ranks)
ROLES = {
    "judge": (0.28, 11, 0.4, ["Judge", "Judge", "Deputy chair of the court"],
              ["judge, 1st qualification class", "judge, 2nd qualification class", "judge, 3rd qualification class"]),
    "prosecutor": (0.16, 6, 0.35, ["Senior assistant prosecutor", "State prosecutor", "Deputy prosecutor"],
                   ["junior counsellor of justice", "counsellor of justice", "senior counsellor of justice"]),
    "investigator": (0.22, 7, 0.2, ["Senior investigator", "Investigator for especially important cases"],
                     ["Captain of Justice", "Major of Justice", "Lieutenant Colonel of Justice"]),
    "fsb": (0.2, 7, 0.05, ["Operative officer", "Senior operative officer", "Head of department"],
            ["Captain", "Major", "Lieutenant Colonel", "Colonel"]),
    "head": (0.14, 9, 0.05, ["Head of {site}"],
             ["Lieutenant Colonel of Internal Service", "Colonel of Internal Service"]),
}
INVESTIGATION = {
    "crimea": "fsb_crimea", "donetsk": "mgb_dpr", "luhansk": "mgb_lpr", "other_occupied": "fsb_south",
    "russia": "fsb_rostov",
}
OPERATIVES = {"crimea": ["fsb_crimea", "fsb_crimea", "center_e"], "donetsk": ["mgb_dpr"], "luhansk": ["mgb_lpr"],
              "other_occupied": ["fsb_south"], "russia": ["fsb_rostov", "fsb_rf"]}
PROSECUTION = {"sdmc": "pr_military_south", "sc_dpr": "pgo_dpr", "sc_lpr": "pgo_lpr", "rostov_reg": "pr_rostov",
               "lefortovo": "pgo_rf"}  # every other court: pr_crimea

ROLE_REASON = {"judge": "handed down politically motivated verdicts against Ukrainian citizens",
               "prosecutor": "prosecuted Ukrainian citizens in politically motivated cases",
               "investigator": "led politically motivated investigations relying on torture and fabricated evidence",
               "fsb": "carried out unlawful detentions and torture of Ukrainian citizens",
               "head": "is responsible for torture and ill-treatment of Ukrainians held in the facility"}

# -- regions, dates, case types --------------------------------------------------------------------------------
REGIONS = [("crimea", 45), ("donetsk", 17), ("luhansk", 11), ("other_occupied", 14), ("russia", 13)]
REGION_START = {"crimea": date(2014, 2, 27), "donetsk": date(2014, 4, 12), "luhansk": date(2014, 4, 12),
                "other_occupied": date(2022, 2, 24), "russia": date(2014, 3, 1)}
YEARS = list(range(2014, 2026))
YEAR_WEIGHTS = {
    "crimea": [3, 5, 5, 6, 6, 8, 5, 5, 6, 7, 6, 4], "donetsk": [8, 6, 3, 3, 3, 3, 2, 2, 8, 7, 5, 3],
    "luhansk": [8, 6, 3, 3, 3, 3, 2, 2, 8, 7, 5, 3], "other_occupied": [0] * 8 + [10, 8, 5, 3],
    "russia": [2, 2, 2, 2, 2, 2, 2, 2, 6, 8, 7, 5],
}
# Case types: articles (defendants), articles of an organiser, years range, group size range, anonymous witnesses.
CASE_TYPES = {
    "hizb": (["205.5(2)"], ["205.5(1)", "278"], (10, 19), (2, 7), (1, 5), "Hizb ut-Tahrir"),
    "jw": (["282.2(2)"], ["282.2(1)"], (2, 6.5), (1, 3), (0, 2), "Jehovah's Witnesses"),
    "espionage": (["276"], [], (10, 14), (1, 1), (0, 2), "espionage"),
    "treason": (["275"], [], (12, 20), (1, 1), (0, 2), "treason"),
    "sabotage": (["281(2)", "222.1(3)"], ["205(2)"], (8, 16), (1, 3), (0, 3), "sabotage"),
    "terrorism": (["205.1(1.1)"], ["205(2)"], (7, 15), (1, 2), (0, 3), "terrorism"),
    "extremism": (["280.1(2)"], ["282(1)"], (2, 5), (1, 1), (0, 1), "extremism"),
    "weapons": (["222.1(1)"], [], (3, 6), (1, 1), (0, 1), "weapons"),
}
CASE_MIX = {  # (region, Crimean Tatar) -> case type weights; None = held without any case
    ("crimea", True): [("hizb", 74), ("extremism", 6), ("weapons", 8), ("sabotage", 5), ("espionage", 3), (None, 4)],
    ("crimea", False): [("espionage", 18), ("treason", 14), ("sabotage", 20), ("extremism", 12), ("weapons", 12),
                        ("jw", 10), ("terrorism", 10), (None, 4)],
    ("donetsk", False): [(None, 60), ("espionage", 20), ("terrorism", 12), ("treason", 8)],
    ("luhansk", False): [(None, 60), ("espionage", 20), ("terrorism", 12), ("treason", 8)],
    ("other_occupied", False): [(None, 45), ("terrorism", 20), ("espionage", 15), ("sabotage", 20)],
    ("russia", False): [("espionage", 30), ("terrorism", 30), ("sabotage", 20), ("extremism", 20)],
}
COURT_FOR = {  # (case type or "*", region) -> courts
    ("hizb", "crimea"): ["sdmc"], ("terrorism", "*"): ["sdmc"], ("sabotage", "*"): ["sdmc", "sc_crimea"],
    ("espionage", "crimea"): ["sc_crimea"], ("treason", "crimea"): ["sc_crimea"],
    ("espionage", "russia"): ["lefortovo", "rostov_reg"],
    ("extremism", "crimea"): ["kyiv_simf", "zal_simf", "gagarin_sev"],
    ("weapons", "crimea"): ["kyiv_simf", "bakh", "dzhankoi", "gagarin_sev"],
    ("jw", "crimea"): ["dzhankoi", "bakh", "kyiv_simf"], ("*", "donetsk"): ["sc_dpr"], ("*", "luhansk"): ["sc_lpr"],
    ("*", "other_occupied"): ["sdmc"], ("*", "russia"): ["rostov_reg"], ("*", "crimea"): ["kyiv_simf", "zal_simf"],
}
PACE = {  # case type -> (criteria always, criteria sometimes, reason)
    "hizb": ("ade", "c", "Prosecuted for alleged membership of Hizb ut-Tahrir, legal in Ukraine; no violent act "
                         "alleged; the charge rests on secret witnesses and recorded religious conversations"),
    "jw": ("ad", "e", "Prosecuted for practising the faith of Jehovah's Witnesses"),
    "extremism": ("ab", "e", "Prosecuted for public statements and social media posts about the occupation"),
    "espionage": ("e", "c", "Espionage charge built on a confession obtained under duress; closed trial"),
    "treason": ("e", "cd", "Treason charge against a Ukrainian citizen under imposed Russian citizenship"),
    "sabotage": ("e", "c", "Sabotage charge with planted evidence and a confession retracted in court"),
    "terrorism": ("e", "cd", "Terrorism charge without any act of violence; the defendant says evidence was planted"),
    "weapons": ("e", "c", "Ammunition 'found' during a search without independent witnesses"),
    None: ("b", "c", "Held as a hostage by occupation forces without any charge or proceedings"),
}

FATES = {  # how a detention ends, by the state of the case
    "none": [("detained", 40), ("released", 15), ("exchanged", 30), ("disappeared", 10), ("deceased", 5)],
    "verdict": [("convicted", 76), ("exchanged", 10), ("released", 9), ("deceased", 5)],
    "pending": [("detained", 82), ("exchanged", 13), ("released", 5)],
}

# -- violations: kind -> (title, legal norms, quote in a source) --------------------------------------------
VIOLATIONS = {
    "arbitrary_detention": (
        "Arbitrary detention", ["ECHR art. 5", "Geneva Convention IV art. 42", "Rome Statute art. 8(2)(a)(vii)"],
        "Taken from home at dawn; no detention record was drawn up for two days."),
    "torture": (
        "Torture", ["ECHR art. 3", "UN Convention against Torture art. 1", "Rome Statute art. 8(2)(a)(ii)"],
        "They put a bag over my head and applied electric shocks until I signed."),
    "enforced_disappearance": (
        "Enforced disappearance", ["ECHR art. 5", "Rome Statute art. 7(1)(i)"],
        "The authorities denied holding the detainee; the family learned nothing for months."),
    "unfair_trial": (
        "Unfair trial", ["ECHR art. 6", "Geneva Convention IV art. 71", "Rome Statute art. 8(2)(a)(vi)"],
        "The court refused to question the secret witness and rejected every defence motion."),
    "denial_of_medical_care": (
        "Denial of medical care", ["ECHR art. 3", "Geneva Convention IV art. 76"],
        "Requests for a doctor were ignored although the detainee's condition was visibly worsening."),
    "transfer_to_russia": (
        "Transfer to Russia",
        ["Geneva Convention IV art. 49", "Geneva Convention IV art. 76", "Rome Statute art. 8(2)(a)(vii)"],
        "Moved out of the occupied territory to a pre-trial centre in Russia without notice to the family."),
    "religious_persecution": (
        "Religious persecution", ["ECHR art. 9", "ECHR art. 14", "Rome Statute art. 7(1)(h)"],
        "The indictment lists prayers and religious literature as evidence of a crime."),
    "forced_confession": (
        "Forced confession", ["ECHR art. 3", "ECHR art. 6", "Geneva Convention IV art. 31"],
        "The 'confession' was filmed after a night of beatings and later retracted in court."),
    "incommunicado_detention": (
        "Incommunicado detention", ["ECHR art. 5", "ECHR art. 8", "Geneva Convention IV art. 116"],
        "No lawyer and no relative was allowed a visit for weeks."),
}

# -- sources and sanctions ---------------------------------------------------------------------------------
MEDIA_TYPES = {"court_decision": "application/pdf", "ngo_report": "application/pdf", "testimony": "application/pdf",
               "media": "text/html", "official_statement": "text/html", "photo": "image/jpeg", "video": "video/mp4",
               "sanctions_list": "application/json", "other": "application/octet-stream"}
OWN_SOURCES = [("ngo_report", 40), ("media", 30), ("relative", 15), ("video", 10), ("photo", 5)]
OWN_TITLES = {
    "testimony": "Testimony of {name} after release",
    "ngo_report": "Profile of {name} in the political prisoners register",
    "media": "News report on the detention of {name}", "relative": "Statement of a relative of {name}",
    "video": "Video from a court hearing of {name}", "photo": "Photos of injuries of {name} passed on by relatives",
}
RELIABILITY = [("A", 12), ("B", 38), ("C", 30), ("D", 10), ("E", 5), ("F", 5)]
CREDIBILITY = [("1", 15), ("2", 35), ("3", 30), ("4", 10), ("5", 5), ("6", 5)]
AUTHORITIES = [("UA", 35), ("UK", 20), ("CA", 15), ("EU", 12), ("US", 10), ("AU", 5), ("CH", 3)]
PROGRAMMES = {  # authority -> [(programme, reference pattern)]
    "EU": [("EU Russia human rights regime (Reg. 2024/1485)", "EU.{a}.{b}"),
           ("EU Global Human Rights Sanctions Regime (Reg. 2020/1998)", "EU.{a}.{b}")],
    "US": [("Global Magnitsky", "GLOMAG-{c}"), ("RUSSIA-EO14024", "RUSSIA-{c}")],
    "UK": [("UK Global Human Rights", "GHR{d}"), ("UK Russia regime", "RUS{d}")],
    "CA": [("Justice for Victims of Corrupt Foreign Officials Act", "CA-JVCFOA-{d}"),
           ("Special Economic Measures (Russia) Regulations", "CA-SEMA-{d}")],
    "UA": [("NSDC personal sanctions (Law of Ukraine 'On Sanctions')", "UA-NSDC-{c}")],
    "AU": [("Autonomous Sanctions (Russia, Crimea and Sevastopol)", "AU-{d}")],
    "CH": [("Ordinance on measures in connection with the situation in Ukraine", "CH-SECO-{c}")],
}
