using System.Security.Cryptography;
using System.Text;

namespace Baqylau.Local.Demo;

/// <summary>
/// Fixed identifiers of the demo content, so other code and tests can find the worked example
/// (the foundation, the Kurultai 2026 election and the statement of 8 July 2026) without searching.
/// </summary>
public static class DemoIds
{
    /// <summary>«Еркіндік қанаты» қоғамдық қоры / Общественный фонд «Еркіндік канаты».</summary>
    public static readonly Guid ErkindikQanaty = new("e1a0c2b4-2015-4301-8a00-000000000001");

    /// <summary>«Ашық дауыс» жастар бақылау желісі / Молодёжная сеть наблюдателей «Ашык дауыс».</summary>
    public static readonly Guid SecondOrganisation = new("e1a0c2b4-2018-4309-8a00-000000000002");

    /// <summary>Election of deputies of the Kurultai, voting day 23 August 2026.</summary>
    public static readonly Guid Kurultai2026 = new("c4a11e00-2026-4823-8a00-000000000001");

    /// <summary>Republican referendum, voting day 6 October 2024.</summary>
    public static readonly Guid SecondCampaign = new("c4a11e00-2024-4006-8a00-000000000002");

    /// <summary>The foundation's statement of 8 July 2026, 10:00 (Almaty): it will not observe the Kurultai election.</summary>
    public static readonly Guid Statement20260708 = new("5e7a7e00-2026-4708-8a00-000000000001");

    public const string ErkindikQanatySlug = "erkindik-qanaty";

    public const string SecondOrganisationSlug = "ashyq-dauys";

    public const string Kurultai2026Slug = "kurultai-2026";

    public const string SecondCampaignSlug = "referendum-2024";

    /// <summary>Permalink id of the statement of 8 July 2026.</summary>
    public const string Statement20260708PublicId = "qanaty2678";

    /// <summary>Kazakh slug of the statement of 8 July 2026 (Slugs.Slugify of its Kazakh title).</summary>
    public const string Statement20260708SlugKk = "erkindik-qanaty-qory-quryltay-deputattaryn-saylaudy-baqylamaydy";

    /// <summary>Russian slug of the statement of 8 July 2026 (Slugs.Slugify of its Russian title).</summary>
    public const string Statement20260708SlugRu = "fond-erkindik-kanaty-ne-budet-nablyudat-za-vyborami-deputatov-kurultaya";

    /// <summary>
    /// A stable id for any other demo row, derived from a name ("incident/07"): the same name gives the
    /// same id in every database, so the demo is reproducible (an RFC 9562 version 8, name-based UUID).
    /// </summary>
    internal static Guid Derive(string name)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes("baqylau-demo/" + name), hash);
        var bytes = hash[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }
}
