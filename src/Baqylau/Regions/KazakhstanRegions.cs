using Baqylau.Common;

namespace Baqylau.Regions;

/// <summary>The 17 oblasts (Abai, Jetisu and Ulytau formed in 2022) and 3 cities of republican significance.</summary>
public static class KazakhstanRegions
{
    public static IReadOnlyList<Region> All { get; } =
    [
        City(1, "astana", "Астана", "Астана"),
        City(2, "almaty", "Алматы", "Алматы"),
        City(3, "shymkent", "Шымкент", "Шымкент"),
        Oblast(4, "abai", "Абай облысы", "Абайская область"),
        Oblast(5, "akmola", "Ақмола облысы", "Акмолинская область"),
        Oblast(6, "aktobe", "Ақтөбе облысы", "Актюбинская область"),
        Oblast(7, "almaty-region", "Алматы облысы", "Алматинская область"),
        Oblast(8, "atyrau", "Атырау облысы", "Атырауская область"),
        Oblast(9, "east-kazakhstan", "Шығыс Қазақстан облысы", "Восточно-Казахстанская область"),
        Oblast(10, "jambyl", "Жамбыл облысы", "Жамбылская область"),
        Oblast(11, "jetisu", "Жетісу облысы", "Область Жетысу"),
        Oblast(12, "karaganda", "Қарағанды облысы", "Карагандинская область"),
        Oblast(13, "kostanay", "Қостанай облысы", "Костанайская область"),
        Oblast(14, "kyzylorda", "Қызылорда облысы", "Кызылординская область"),
        Oblast(15, "mangystau", "Маңғыстау облысы", "Мангистауская область"),
        Oblast(16, "north-kazakhstan", "Солтүстік Қазақстан облысы", "Северо-Казахстанская область"),
        Oblast(17, "pavlodar", "Павлодар облысы", "Павлодарская область"),
        Oblast(18, "turkistan", "Түркістан облысы", "Туркестанская область"),
        Oblast(19, "ulytau", "Ұлытау облысы", "Область Улытау"),
        Oblast(20, "west-kazakhstan", "Батыс Қазақстан облысы", "Западно-Казахстанская область"),
    ];

    private static Region City(int id, string code, string kk, string ru) =>
        new() { Id = id, Code = code, Kind = RegionKind.CityOfRepublicanSignificance, Name = new LocalizedText(kk, ru), SortOrder = id };

    private static Region Oblast(int id, string code, string kk, string ru) =>
        new() { Id = id, Code = code, Kind = RegionKind.Oblast, Name = new LocalizedText(kk, ru), SortOrder = id };
}
