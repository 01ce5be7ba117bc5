using System.Net;
using AngleSharp.Dom;
using Baqylau.Incidents;
using Baqylau.Local.Demo;
using Baqylau.Organisations;
using Baqylau.Statements;
using Baqylau.Web.Caching;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Baqylau.Tests.Campaigns;

/// <summary>The app with its clock fixed at 11 August 2026, 10:00 in Almaty: twelve days before the Kurultai voting day.</summary>
public sealed class ClockedWebFactory : BaqylauWebFactory
{
    // In UTC: FakeTimeProvider hands back the offset it is given, and Npgsql writes only UTC to timestamptz.
    public static readonly DateTimeOffset Now = new DateTimeOffset(2026, 8, 11, 10, 0, 0, TimeSpan.FromHours(5)).ToUniversalTime();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(new FakeTimeProvider(Now)));
    }
}

public class CampaignPageTests(ClockedWebFactory factory) : IClassFixture<ClockedWebFactory>
{
    private const string Kurultai = DemoIds.Kurultai2026Slug;

    private static string Text(IElement? e) => e?.TextContent.Trim() ?? string.Empty;

    private static string Squash(string s) => string.Join(' ', s.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    [Theory]
    [InlineData("kk", "23 тамыз 2026 жыл", "6 қазан 2024 жыл")]
    [InlineData("ru", "23 августа 2026", "6 октября 2024")]
    public async Task The_list_groups_campaigns_by_todays_date(string lang, string kurultaiDay, string referendumDay)
    {
        var html = await (await factory.Client().GetAsync($"/{lang}/campaigns")).Content.ReadAsStringAsync();
        Assert.DoesNotContain("_framework/blazor.web", html, StringComparison.Ordinal);
        var doc = PublicHtml.Parse(html);
        var current = doc.QuerySelector("#current")!;
        Assert.NotNull(current.QuerySelector($"a[href='/{lang}/campaigns/{Kurultai}']"));
        Assert.Contains(kurultaiDay, current.TextContent, StringComparison.Ordinal);
        var past = doc.QuerySelector("#past")!;
        Assert.NotNull(past.QuerySelector($"a[href='/{lang}/campaigns/{DemoIds.SecondCampaignSlug}']"));
        Assert.Contains(referendumDay, past.TextContent, StringComparison.Ordinal);
        Assert.Null(doc.QuerySelector("#upcoming"));
    }

    [Fact]
    public async Task An_archived_campaign_leaves_the_list_but_its_page_stays()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Baqylau.Data.BaqylauDbContext>();
        var referendum = await db.Campaigns.SingleAsync(c => c.Id == DemoIds.SecondCampaign);
        referendum.IsArchived = true;
        await db.SaveChangesAsync();
        try
        {
            await EvictAllAsync();
            var list = await factory.Client().GetStringAsync("/ru/campaigns");
            Assert.DoesNotContain($"/ru/campaigns/{DemoIds.SecondCampaignSlug}\"", list, StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.OK, (await factory.Client().GetAsync($"/ru/campaigns/{DemoIds.SecondCampaignSlug}")).StatusCode);
        }
        finally
        {
            referendum.IsArchived = false;
            await db.SaveChangesAsync();
            await EvictAllAsync();
        }
    }

    [Theory]
    [InlineData("kk", "23 тамызға дейін 12 күн қалды", "18 шілде 2026 жыл – 21 тамыз 2026 жыл")]
    [InlineData("ru", "До дня голосования 12 дней", "18 июля 2026 – 21 августа 2026")]
    public async Task The_campaign_page_shows_calendar_countdown_and_law(string lang, string countdown, string campaigning)
    {
        var response = await factory.Client().GetAsync($"/{lang}/campaigns/{Kurultai}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("_framework/blazor.web", html, StringComparison.Ordinal);
        var doc = PublicHtml.Parse(html);
        var title = await factory.QueryAsync(db => db.Campaigns.AsNoTracking().Where(c => c.Id == DemoIds.Kurultai2026).Select(c => c.Title).SingleAsync());
        Assert.Equal(title.In(lang), Text(doc.QuerySelector("h1")));
        Assert.Equal(countdown, Squash(Text(doc.QuerySelector(".countdown"))));

        // Seven key dates in order, today slotted in after the campaigning span it falls in.
        var rows = doc.QuerySelectorAll(".calendar > li").ToList();
        Assert.Equal(8, rows.Count);
        var starts = rows.Where(r => r.ClassList.Contains("calendar__item"))
            .Select(r => DateOnly.Parse(r.QuerySelector("time")!.GetAttribute("datetime")!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(starts.Order(), starts);
        var todayIndex = rows.FindIndex(r => r.ClassList.Contains("calendar__today"));
        Assert.Contains("calendar__item--campaigning", rows[todayIndex - 1].ClassName, StringComparison.Ordinal);
        Assert.Equal("date", rows[todayIndex - 1].GetAttribute("aria-current"));
        Assert.Equal(campaigning, Squash(Text(rows[todayIndex - 1].QuerySelector(".calendar__when"))));
        Assert.Contains("calendar__item--past", rows[0].ClassName, StringComparison.Ordinal);
        Assert.Contains("calendar__item--future", rows[^1].ClassName, StringComparison.Ordinal);

        var law = doc.QuerySelectorAll(".campaign__law a").ToList();
        Assert.NotEmpty(law);
        Assert.All(law, a => Assert.StartsWith("http", a.GetAttribute("href"), StringComparison.Ordinal));
        Assert.Equal($"{PublicHtml.Origin}/{lang}/campaigns/{Kurultai}/feed.atom",
            doc.QuerySelectorAll("link[type='application/atom+xml']").Select(l => l.GetAttribute("href")).Last());
        Assert.Equal($"{PublicHtml.Origin}/{lang}/campaigns/{Kurultai}", doc.QuerySelector("link[rel=canonical]")!.GetAttribute("href"));
    }

    [Fact]
    public async Task The_campaign_page_lists_stances_with_reason_statement_and_history()
    {
        // An earlier position of the second organisation: a new row, older than the demo's.
        var ashyq = await factory.QueryAsync(db => db.Stances.AsNoTracking()
            .SingleAsync(s => s.OrganisationId == DemoIds.SecondOrganisation && s.CampaignId == DemoIds.Kurultai2026));
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<Baqylau.Data.BaqylauDbContext>();
            db.Stances.Add(new OrganisationStance
            {
                OrganisationId = DemoIds.SecondOrganisation,
                CampaignId = DemoIds.Kurultai2026,
                Stance = StanceKind.Undecided,
                Reason = new("Шешім кейін қабылданады.", "Решение примем позже."),
                DecidedAt = ashyq.DecidedAt.AddDays(-20),
            });
            await db.SaveChangesAsync();
        }

        await EvictAllAsync();

        var doc = await factory.Client().GetDocumentAsync($"/ru/campaigns/{Kurultai}");
        var stances = doc.QuerySelectorAll(".campaign__stances .stance").ToList();
        Assert.Equal(2, stances.Count);

        var erkindik = stances.Single(s => s.QuerySelector($"a[href='/ru/organisations/{DemoIds.ErkindikQanatySlug}']") is not null);
        Assert.Contains("stance--declined", erkindik.ClassName, StringComparison.Ordinal);
        Assert.Equal("Не наблюдает", Text(erkindik.QuerySelector(".stance__badge")));
        Assert.NotEmpty(Text(erkindik.QuerySelector(".stance__reason")));
        Assert.Equal($"/ru/statements/{DemoIds.Statement20260708SlugRu}", erkindik.QuerySelector(".stance__statement a")!.GetAttribute("href"));
        Assert.Null(erkindik.QuerySelector(".stance__earlier"));

        var second = stances.Single(s => s.QuerySelector($"a[href='/ru/organisations/{DemoIds.SecondOrganisationSlug}']") is not null);
        Assert.Equal("Наблюдает", Text(second.QuerySelector(".stance__badge")));
        var earlier = second.QuerySelector(".stance__earlier")!;
        Assert.Contains("Ранее", earlier.TextContent, StringComparison.Ordinal);
        Assert.Contains("Решение не принято", earlier.TextContent, StringComparison.Ordinal);
        Assert.Contains("Решение примем позже.", earlier.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_campaign_page_shows_its_statements_and_only_its_incidents()
    {
        var doc = await factory.Client().GetDocumentAsync($"/ru/campaigns/{Kurultai}");

        var campaignSlugs = await factory.QueryAsync(db => db.StatementTranslations.AsNoTracking()
            .Where(t => t.Statement!.CampaignId == DemoIds.Kurultai2026 && PublicHtml.PublicStatuses.Contains(t.Statement.Status))
            .Select(t => t.Slug).ToListAsync());
        var statementLinks = doc.QuerySelectorAll(".campaign__statements .news-item__title a").Select(a => a.GetAttribute("href")!).ToList();
        Assert.NotEmpty(statementLinks);
        Assert.All(statementLinks, h => Assert.Contains(Uri.UnescapeDataString(h.Split('/')[^1]), campaignSlugs));
        Assert.NotNull(doc.QuerySelector($".campaign__statements a[href='/ru/statements?campaign={Kurultai}']"));
        var times = doc.QuerySelectorAll(".campaign__statements time").Select(t => DateTimeOffset.Parse(t.GetAttribute("datetime")!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(times.OrderDescending(), times);

        var ours = await factory.QueryAsync(db => db.Incidents.AsNoTracking()
            .Where(i => i.Visibility == IncidentVisibility.Public && i.CampaignId == DemoIds.Kurultai2026).Select(i => i.PublicId).ToListAsync());
        var incidents = doc.QuerySelector(".campaign__incidents")!;
        var shown = incidents.QuerySelectorAll(".timeline-item__title a").Select(a => a.GetAttribute("href")!.Split('/')[^1]).ToList();
        Assert.NotEmpty(shown);
        Assert.True(shown.Count <= Baqylau.Web.Campaigns.Public.CampaignPage.IncidentCount);
        Assert.All(shown, id => Assert.Contains(id, ours));
        Assert.Equal(ours.Count, doc.ResultCountIn(".campaign__incidents p.count"));
        Assert.NotNull(incidents.QuerySelector($"a[href='/ru/incidents?campaign={Kurultai}']"));
        Assert.NotNull(incidents.QuerySelector("section.charts svg"));
    }

    [Fact]
    public async Task An_unknown_campaign_or_organisation_is_a_404()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await factory.Client().GetAsync("/ru/campaigns/no-such-campaign")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await factory.Client().GetAsync("/kk/organisations/no-such-organisation")).StatusCode);
    }

    [Theory]
    [InlineData("kk", "2015 жылғы наурыз", "жария оқиға тіркелген")]
    [InlineData("ru", "март 2015", "публичн")]
    public async Task The_organisation_page_shows_profile_statements_incidents_and_stances(string lang, string founded, string countText)
    {
        var response = await factory.Client().GetAsync($"/{lang}/organisations/{DemoIds.ErkindikQanatySlug}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("_framework/blazor.web", html, StringComparison.Ordinal);
        var doc = PublicHtml.Parse(html);
        var org = await factory.QueryAsync(db => db.Organisations.AsNoTracking().SingleAsync(o => o.Id == DemoIds.ErkindikQanaty));
        Assert.Equal(org.Name.In(lang), Text(doc.QuerySelector("h1")));
        var facts = doc.QuerySelector(".organisation__facts")!;
        Assert.Contains(founded, facts.TextContent, StringComparison.Ordinal);
        Assert.NotNull(facts.QuerySelector($"a[href='{org.WebsiteUrl}']"));
        Assert.All(org.Links, l => Assert.NotNull(facts.QuerySelector($"a[href='{l}']")));

        var statementLinks = doc.QuerySelectorAll(".news-item__title a").Select(a => a.GetAttribute("href")!).ToList();
        Assert.NotEmpty(statementLinks);
        Assert.All(statementLinks, h => Assert.Contains("/statements/", h, StringComparison.Ordinal));

        var count = await factory.QueryAsync(db => db.Incidents.CountAsync(i => i.Visibility == IncidentVisibility.Public && i.OrganisationId == DemoIds.ErkindikQanaty));
        var countLink = doc.QuerySelector($"p.count a[href='/{lang}/incidents?organisation={DemoIds.ErkindikQanatySlug}']")!;
        Assert.Contains(countText, countLink.TextContent, StringComparison.Ordinal);
        Assert.Equal(count, doc.ResultCountIn("p.count"));
        var latest = doc.QuerySelectorAll(".timeline-item").Length;
        Assert.InRange(latest, 1, Baqylau.Web.Organisations.Public.OrganisationPage.IncidentCount);

        var stanceCampaigns = doc.QuerySelectorAll(".stance .stance__who").Select(a => a.GetAttribute("href")).ToList();
        Assert.Equal([$"/{lang}/campaigns/{Kurultai}", $"/{lang}/campaigns/{DemoIds.SecondCampaignSlug}"], stanceCampaigns);
    }

    [Theory]
    [InlineData("kk", "23 тамызға дейін 12 күн қалды", "Оқи отырыңыз")]
    [InlineData("ru", "До дня голосования 12 дней", "Читайте также")]
    public async Task The_home_page_leads_with_the_newest_statement_and_counts_down(string lang, string countdown, string readAlso)
    {
        var newest = await factory.QueryAsync(db => db.Statements.AsNoTracking()
            .Where(s => s.Status == StatementStatus.Published || s.Status == StatementStatus.Corrected)
            .OrderByDescending(s => s.PublishedAt).ThenByDescending(s => s.Id)
            .Select(s => s.Id).FirstAsync());
        var doc = await factory.Client().GetDocumentAsync($"/{lang}");

        var leadHref = doc.QuerySelector(".home-lead h2 a")!.GetAttribute("href")!;
        var leadSlug = Uri.UnescapeDataString(leadHref.Split('/')[^1]);
        Assert.True(await factory.QueryAsync(db => db.StatementTranslations.AnyAsync(t => t.StatementId == newest && t.Slug == leadSlug)), leadHref);
        Assert.NotEmpty(Text(doc.QuerySelector(".home-lead__lead")));

        var latest = doc.QuerySelectorAll("section[aria-labelledby='latest-statements'] .news-item__title a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Equal(5, latest.Count);
        Assert.DoesNotContain(leadHref, latest);

        var campaign = doc.QuerySelector(".home-campaign")!;
        Assert.NotNull(campaign.QuerySelector($"a[href='/{lang}/campaigns/{Kurultai}']"));
        Assert.Equal(countdown, Squash(Text(campaign.QuerySelector(".countdown"))));

        var block = doc.QuerySelector(".home__read-also")!;
        Assert.Equal(readAlso, Text(block.QuerySelector("h2")));
        var readAlsoLinks = block.QuerySelectorAll(".news-item__title a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Equal(3, readAlsoLinks.Count);
        Assert.Empty(readAlsoLinks.Intersect(latest));

        Assert.NotEmpty(doc.QuerySelectorAll(".incident__title a"));
    }

    private Task EvictAllAsync() =>
        factory.Services.GetRequiredService<IOutputCacheStore>().EvictByTagAsync(PublicOutputCache.PublicTag, default).AsTask();
}

internal static class CountExtensions
{
    /// <summary>The number in the first element matching <paramref name="selector"/> ("Найдено 7 инцидентов").</summary>
    public static int ResultCountIn(this IDocument doc, string selector) =>
        int.Parse(new string(doc.QuerySelector(selector)!.TextContent.Where(char.IsAsciiDigit).ToArray()), System.Globalization.CultureInfo.InvariantCulture);
}
