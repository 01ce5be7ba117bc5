using Baqylau.Common;
using Baqylau.Incidents;
using Baqylau.Web.Api;

namespace Baqylau.Web.Incidents.Public;

/// <summary>URLs of the incident area, built in one place so pages, embed and downloads agree.</summary>
public static class IncidentLinks
{
    public static string Permalink(string lang, string publicId) => $"/{lang}/incidents/{publicId}";

    public static string Timeline(string lang, IncidentFilter filter) => $"/{lang}/incidents{filter.ToQueryString()}";

    public static string TimelineAfter(string prefix, string lang, IncidentFilter filter, KeysetCursor after) =>
        $"{prefix}/{lang}/incidents{filter.ToQueryString(new KeyValuePair<string, string>(TimelineRequest.AfterParam, after.Encode()))}";

    public static string Embed(string lang, IncidentFilter filter) => $"/embed/{lang}/incidents{filter.ToQueryString()}";

    public static string Api(IncidentFilter filter) => $"{ApiSetup.Prefix}/incidents{filter.ToQueryString()}";

    /// <summary>Only absolute http(s) URLs become links: a stored "javascript:" URL must never reach an href.</summary>
    public static bool IsSafeExternal(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);
}
