using System.Globalization;
using System.ServiceModel.Syndication;
using System.Text;
using System.Xml;
using Baqylau.Incidents;
using Baqylau.Localization;
using Baqylau.Web.Api;
using CsvHelper;
using Microsoft.Extensions.Localization;

namespace Baqylau.Web.Incidents;

/// <summary>
/// Data out for any filtered timeline, in the reader's language: /{lang}/incidents.csv and /{lang}/incidents.atom.
/// Both take the timeline's query string unchanged, so "download what I see" is the same URL with a suffix.
/// </summary>
public static class IncidentDownloads
{
    public const int FeedSize = 50;

    public static IEndpointRouteBuilder MapIncidentDownloads(this IEndpointRouteBuilder app)
    {
        app.MapGet("/{lang}/incidents.csv", CsvAsync).ExcludeFromDescription();
        app.MapGet("/{lang}/incidents.atom", AtomAsync).ExcludeFromDescription();
        return app;
    }

    public static string CsvUrl(string lang, IncidentFilter filter) => $"/{lang}/incidents.csv{filter.ToQueryString()}";

    public static string AtomUrl(string lang, IncidentFilter filter) => $"/{lang}/incidents.atom{filter.ToQueryString()}";

    private static async Task<IResult> CsvAsync(
        string lang, HttpContext http, IncidentQueries queries, IStringLocalizer<IncidentStrings> I, IStringLocalizer<SharedResource> L, CancellationToken ct)
    {
        if (!IsLanguage(lang))
            return Results.NotFound();
        var request = TimelineRequest.Read(http.Request.Query);
        if (request.Invalid.Count > 0)
            return Refused(I, request.Invalid);

        var rows = await queries.ExportAsync(request.Filter, ct);
        var site = ApiSetup.SiteUrl(http.Request);
        // RFC 4180 (CRLF, quotes doubled) with a BOM so spreadsheet programs read the Cyrillic as UTF-8.
        var options = CsvWriterOptions.Default with
        {
            WriteByteOrderMark = true,
            // A title starting with "=" must stay text in a spreadsheet.
            Injection = CsvInjection.Escape,
        };
        using var body = new MemoryStream();
        await using (var csv = CsvWriter.Create(body, options, leaveOpen: true))
        {
            string[] headers =
            [
                "Csv_Id", "Csv_Permalink", "Csv_Title", "Csv_Date", "Csv_DateIso", "Csv_RecordedAt", "Csv_Category", "Csv_Actor",
                "Csv_Region", "Csv_Settlement", "Csv_PollingStation", "Csv_Verification", "Csv_Organisation", "Csv_Campaign",
                "Csv_Sources", "Csv_Description",
            ];
            foreach (var h in headers)
                csv.WriteField(I[h].Value);
            await csv.EndRecordAsync(ct);
            foreach (var i in rows)
            {
                csv.WriteField(i.PublicId);
                csv.WriteField($"{site}/{lang}/incidents/{i.PublicId}");
                csv.WriteField(i.Title(lang));
                csv.WriteField(i.Occurred.Display(lang));
                csv.WriteField(i.Occurred.ToIsoString());
                csv.WriteField(TimeZoneInfo.ConvertTime(i.RecordedAt, Datelines.Kazakhstan).ToString("yyyy-MM-dd'T'HH:mmzzz", CultureInfo.InvariantCulture));
                csv.WriteField(i.Category.Name.In(lang));
                csv.WriteField(i.Actor?.Name.In(lang) ?? string.Empty);
                csv.WriteField(i.Region?.Name.In(lang) ?? string.Empty);
                csv.WriteField(i.Settlement ?? string.Empty);
                csv.WriteField(i.PollingStation ?? string.Empty);
                csv.WriteField(L[$"Verification_{i.Verification}"].Value);
                csv.WriteField(i.Organisation.Name.In(lang));
                csv.WriteField(i.Campaign?.Name.In(lang) ?? string.Empty);
                csv.WriteField(string.Join(' ', i.Sources.Select(s => s.Url)));
                csv.WriteField(i.Description(lang));
                await csv.EndRecordAsync(ct);
            }
        }

        return Results.File(body.ToArray(), "text/csv; charset=utf-8; header=present", $"baqylau-incidents-{lang}.csv");
    }

    private static async Task<IResult> AtomAsync(
        string lang, HttpContext http, IncidentQueries queries, IStringLocalizer<IncidentStrings> I, IStringLocalizer<SharedResource> L, CancellationToken ct)
    {
        if (!IsLanguage(lang))
            return Results.NotFound();
        var request = TimelineRequest.Read(http.Request.Query);
        if (request.Invalid.Count > 0)
            return Refused(I, request.Invalid);

        var items = await queries.RecentlyRecordedAsync(request.Filter, FeedSize, ct);
        var site = ApiSetup.SiteUrl(http.Request);
        var timeline = new Uri($"{site}/{lang}/incidents{request.Filter.ToQueryString()}");
        var self = new Uri($"{site}{AtomUrl(lang, request.Filter)}");
        // Updated = the newest change among the entries, so an unchanged feed is byte-for-byte the same (and its ETag too).
        var updated = items.Count == 0 ? DateTimeOffset.UnixEpoch : items.Max(i => i.UpdatedAt > i.RecordedAt ? i.UpdatedAt : i.RecordedAt);
        var feed = new SyndicationFeed($"{L["Incidents_Title"]} · {L["Site_Name"]}", I["Feed_Description"], timeline, self.AbsoluteUri, updated)
        {
            Language = lang,
            Generator = "Baqylau",
        };
        feed.Links.Add(SyndicationLink.CreateSelfLink(self, "application/atom+xml"));
        feed.Items = items.Select(i =>
        {
            var permalink = new Uri($"{site}/{lang}/incidents/{i.PublicId}");
            var summary = $"{i.Occurred.Display(lang)} · {i.Category.Name.In(lang)}"
                + (i.Region is null ? string.Empty : $" · {i.Region.Name.In(lang)}")
                + $" · {L[$"Verification_{i.Verification}"]}\n\n{i.Description(lang)}";
            var item = new SyndicationItem(i.Title(lang), summary, permalink, permalink.AbsoluteUri, i.UpdatedAt)
            {
                PublishDate = i.RecordedAt,
            };
            item.Authors.Add(new SyndicationPerson { Name = i.Organisation.Name.In(lang) });
            item.Categories.Add(new SyndicationCategory(i.Category.Key, null, i.Category.Name.In(lang)));
            return item;
        }).ToList();

        using var body = new MemoryStream();
        await using (var xml = XmlWriter.Create(body, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Async = true, Indent = true }))
        {
            new Atom10FeedFormatter(feed).WriteTo(xml);
            await xml.FlushAsync();
        }

        return Results.Bytes(body.ToArray(), "application/atom+xml; charset=utf-8");
    }

    private static bool IsLanguage(string lang) => Cultures.All.Contains(lang, StringComparer.Ordinal);

    private static IResult Refused(IStringLocalizer<IncidentStrings> I, IEnumerable<string> parameters) =>
        Results.Text(
            string.Format(CultureInfo.CurrentCulture, I["Download_InvalidFilter"], string.Join(", ", parameters.Select(p => I[$"Param_{p}"].Value))),
            "text/plain; charset=utf-8",
            statusCode: StatusCodes.Status400BadRequest);
}
