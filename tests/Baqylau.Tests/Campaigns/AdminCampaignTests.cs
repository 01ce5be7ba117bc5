using System.Net;
using Baqylau.Auditing;
using Baqylau.Campaigns;
using Baqylau.Common;
using Baqylau.Data;
using Baqylau.Local.Demo;
using Baqylau.Organisations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Baqylau.Tests.Campaigns;

/// <summary>Campaigns, organisations and stances through the admin services, checked on the database and the public pages.</summary>
public class AdminCampaignTests(AdminWebFactory factory) : IClassFixture<AdminWebFactory>
{
    private static CampaignForm NewCampaign(string slug) => new()
    {
        Slug = slug,
        Kind = CampaignKind.Akim,
        TitleKk = "Аудандық әкім сайлауы 2027",
        TitleRu = "Выборы районного акима 2027",
        DescriptionKk = "Сынақ науқаны.",
        DescriptionRu = "Тестовая кампания.",
        VotingDay = new DateOnly(2027, 3, 14),
        KeyDates =
        [
            new KeyDateForm { Kind = CampaignDateKind.Announcement, Start = new DateOnly(2027, 1, 10) },
            new KeyDateForm { Kind = CampaignDateKind.Campaigning, Start = new DateOnly(2027, 2, 1), End = new DateOnly(2027, 3, 12) },
        ],
        LegalReferences = [new LegalReferenceForm { TitleKk = "Сайлау туралы заң", TitleRu = "Закон о выборах", Url = "https://adilet.zan.kz/rus/docs/Z950002464_" }],
    };

    [Fact]
    public async Task A_campaign_is_archived_never_deleted_leaves_the_lists_and_its_page_says_so()
    {
        var (scope, admin) = await factory.AdminScopeAsync();
        await using var _ = scope;
        var service = scope.ServiceProvider.GetRequiredService<CampaignAdminService>();
        var id = await service.SaveAsync(admin, NewCampaign("akim-2027-archive"));

        var client = factory.Client();
        Assert.Contains("/ru/campaigns/akim-2027-archive", await client.GetStringAsync("/ru/campaigns"), StringComparison.Ordinal);

        await service.SetArchivedAsync(admin, id, archived: true);

        var db = scope.ServiceProvider.GetRequiredService<BaqylauDbContext>();
        var row = await db.Campaigns.AsNoTracking().SingleAsync(c => c.Id == id);
        Assert.True(row.IsArchived);
        Assert.DoesNotContain("/ru/campaigns/akim-2027-archive", await client.GetStringAsync("/ru/campaigns"), StringComparison.Ordinal);
        var page = await client.GetAsync("/ru/campaigns/akim-2027-archive");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Эта кампания в архиве.", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var listed = await service.ListAsync(admin, new CampaignAdminQuery { Archived = false });
        Assert.DoesNotContain(listed.Items, c => c.Id == id);
        var archivedList = await service.ListAsync(admin, new CampaignAdminQuery { Archived = true });
        Assert.Contains(archivedList.Items, c => c.Id == id);

        // Audited with the acting admin and the value before and after.
        var entry = await db.AuditEntries.AsNoTracking()
            .Where(a => a.EntityType == nameof(Campaign) && a.EntityId == id.ToString() && a.Action == AuditAction.Update)
            .OrderByDescending(a => a.Id).FirstAsync();
        Assert.Equal(AdminWebFactory.AdminEmail, entry.UserName);
        Assert.Equal(admin.UserId, entry.UserId);
        var change = Assert.Single(AuditLogQueries.Changes(entry.Changes), c => c.Field == nameof(Campaign.IsArchived));
        Assert.Equal(("false", "true"), (change.Before, change.After));

        await service.SetArchivedAsync(admin, id, archived: false);
        Assert.Contains("/ru/campaigns/akim-2027-archive", await client.GetStringAsync("/ru/campaigns"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_voting_day_change_shows_on_the_cached_public_page_right_after_the_edit()
    {
        var client = factory.Client();
        // Twice: the second answer comes from the output cache, which the edit must evict.
        Assert.Equal("2026-08-23", VotingDay(await client.GetStringAsync("/ru/campaigns/kurultai-2026")));
        Assert.Equal("2026-08-23", VotingDay(await client.GetStringAsync("/kk/campaigns/kurultai-2026")));
        Assert.Equal("2026-08-23", VotingDay(await client.GetStringAsync("/ru/campaigns/kurultai-2026")));

        var (scope, admin) = await factory.AdminScopeAsync();
        await using var _ = scope;
        var service = scope.ServiceProvider.GetRequiredService<CampaignAdminService>();
        var form = await service.GetAsync(admin, DemoIds.Kurultai2026);
        form.VotingDay = new DateOnly(2026, 8, 30);
        await service.SaveAsync(admin, form);

        foreach (var lang in new[] { "ru", "kk" })
        {
            Assert.Equal("2026-08-30", VotingDay(await client.GetStringAsync($"/{lang}/campaigns/kurultai-2026")));
        }

        // The calendar's voting-day row follows the voting day.
        var saved = await service.GetAsync(admin, DemoIds.Kurultai2026);
        Assert.Equal(new DateOnly(2026, 8, 30), Assert.Single(saved.KeyDates, d => d.Kind == CampaignDateKind.VotingDay).Start);

        var db = scope.ServiceProvider.GetRequiredService<BaqylauDbContext>();
        var entry = await db.AuditEntries.AsNoTracking()
            .Where(a => a.EntityType == nameof(Campaign) && a.EntityId == DemoIds.Kurultai2026.ToString() && a.Action == AuditAction.Update)
            .OrderByDescending(a => a.Id).FirstAsync();
        Assert.Equal(AdminWebFactory.AdminEmail, entry.UserName);
        var change = Assert.Single(AuditLogQueries.Changes(entry.Changes), c => c.Field == nameof(Campaign.VotingDay));
        Assert.Equal(("2026-08-23", "2026-08-30"), (change.Before, change.After));
    }

    /// <summary>The voting day the page's header states (the timeline below may hold other dates).</summary>
    private static string VotingDay(string html) =>
        System.Text.RegularExpressions.Regex.Match(html, "class=\"campaign__voting\">[^<]*<time datetime=\"([0-9-]+)\"").Groups[1].Value;

    [Fact]
    public async Task Bad_campaign_input_is_named_and_saves_nothing()
    {
        var (scope, admin) = await factory.AdminScopeAsync();
        await using var _ = scope;
        var service = scope.ServiceProvider.GetRequiredService<CampaignAdminService>();
        var form = NewCampaign(DemoIds.Kurultai2026Slug);
        form.TitleRu = " ";
        form.VotingDay = null;
        form.KeyDates.Add(new KeyDateForm { Kind = CampaignDateKind.Registration, Start = new DateOnly(2027, 2, 10), End = new DateOnly(2027, 2, 1) });
        form.LegalReferences.Add(new LegalReferenceForm { TitleKk = "Сілтеме", TitleRu = "Ссылка", Url = "javascript:alert(1)" });

        var ex = await Assert.ThrowsAsync<ValidationException>(() => service.SaveAsync(admin, form));
        Assert.Contains(ex.Errors, e => e is { Key: AdminErrors.Required, Field: CampaignFields.TitleRu });
        Assert.Contains(ex.Errors, e => e is { Key: AdminErrors.Required, Field: CampaignFields.VotingDay });
        Assert.Contains(ex.Errors, e => e is { Key: AdminErrors.SlugTaken, Field: CampaignFields.Slug });
        Assert.Contains(ex.Errors, e => e is { Key: AdminErrors.DateOrder, Field: CampaignFields.KeyDates });
        Assert.Contains(ex.Errors, e => e is { Key: AdminErrors.UrlInvalid, Field: CampaignFields.LegalReferences });
        var db = scope.ServiceProvider.GetRequiredService<BaqylauDbContext>();
        Assert.Equal(1, await db.Campaigns.CountAsync(c => c.Slug == DemoIds.Kurultai2026Slug));
    }

    [Fact]
    public async Task A_stance_change_adds_a_row_keeps_the_history_and_shows_both_publicly()
    {
        var (scope, admin) = await factory.AdminScopeAsync();
        await using var _ = scope;
        var service = scope.ServiceProvider.GetRequiredService<OrganisationAdminService>();
        var db = scope.ServiceProvider.GetRequiredService<BaqylauDbContext>();
        var campaign = await scope.ServiceProvider.GetRequiredService<CampaignAdminService>().SaveAsync(admin, NewCampaign("akim-2027-stances"));
        var client = factory.Client();
        Assert.DoesNotContain("Наблюдает частично", await client.GetStringAsync("/ru/campaigns/akim-2027-stances"), StringComparison.Ordinal);

        var first = await service.AddStanceAsync(admin, campaign, new StanceForm
        {
            OrganisationId = DemoIds.SecondOrganisation,
            Stance = StanceKind.Undecided,
            ReasonKk = "Шешім кейін қабылданады.",
            ReasonRu = "Решение будет принято позже.",
            DecidedAt = DateTimeOffset.UtcNow.AddDays(-2),
        });
        await service.AddStanceAsync(admin, campaign, new StanceForm
        {
            OrganisationId = DemoIds.SecondOrganisation,
            Stance = StanceKind.PartlyObserving,
            ReasonKk = "Тек үш облыста бақылаймыз.",
            ReasonRu = "Наблюдаем только в трёх областях.",
        });

        var rows = await db.Stances.AsNoTracking().Where(s => s.CampaignId == campaign).OrderBy(s => s.DecidedAt).ToListAsync();
        Assert.Equal(2, rows.Count);
        Assert.Equal(first, rows[0].Id);
        Assert.Equal(StanceKind.Undecided, rows[0].Stance);
        Assert.Equal("Решение будет принято позже.", rows[0].Reason.Ru);

        var history = await service.StancesAsync(admin, campaign);
        Assert.Equal([StanceKind.PartlyObserving, StanceKind.Undecided], history.Select(h => h.Stance));

        // The cached page was evicted: the new position and the earlier one are both there.
        var page = WebUtility.HtmlDecode(await client.GetStringAsync("/ru/campaigns/akim-2027-stances"));
        Assert.Contains("Наблюдаем только в трёх областях.", page, StringComparison.Ordinal);
        Assert.Contains("Решение будет принято позже.", page, StringComparison.Ordinal);
        Assert.True(await db.AuditEntries.AnyAsync(a => a.EntityType == nameof(OrganisationStance) && a.Action == AuditAction.Insert && a.UserName == AdminWebFactory.AdminEmail));

        // A statement of another organisation cannot be the announcement.
        var foreign = await db.Statements.Where(s => s.OrganisationId == DemoIds.ErkindikQanaty).Select(s => s.Id).FirstAsync();
        var ex = await Assert.ThrowsAsync<ValidationException>(() => service.AddStanceAsync(admin, campaign,
            new StanceForm { OrganisationId = DemoIds.SecondOrganisation, Stance = StanceKind.Declined, StatementId = foreign }));
        Assert.Contains(ex.Errors, e => e.Key == AdminErrors.StatementMismatch);
        Assert.Equal(2, await db.Stances.CountAsync(s => s.CampaignId == campaign));
    }

    [Fact]
    public async Task An_organisation_profile_with_a_logo_is_saved_audited_and_shown_on_its_public_page()
    {
        var (scope, admin) = await factory.AdminScopeAsync();
        await using var _ = scope;
        var service = scope.ServiceProvider.GetRequiredService<OrganisationAdminService>();
        var logos = scope.ServiceProvider.GetRequiredService<OrganisationLogoStore>();

        // Not an image: refused by content, whatever the name.
        await Assert.ThrowsAsync<ValidationException>(() => logos.SaveAsync(new MemoryStream("<svg onload=alert(1)>"u8.ToArray())));

        using var png = new MemoryStream();
        using (var image = new SixLabors.ImageSharp.Image<SixLabors.ImageSharp.PixelFormats.Rgba32>(600, 300, new SixLabors.ImageSharp.PixelFormats.Rgba32(11, 90, 107)))
            await SixLabors.ImageSharp.ImageExtensions.SaveAsPngAsync(image, png);
        png.Position = 0;
        var logo = await logos.SaveAsync(png);
        Assert.True(File.Exists(Path.Combine(logos.Directory, $"{logo}.webp")));
        Assert.True(File.Exists(Path.Combine(logos.Directory, $"{logo}-256.webp")));

        var client = factory.Client();
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/ru/organisations/adal-saylau")).StatusCode);
        var id = await service.SaveAsync(admin, new OrganisationForm
        {
            NameKk = "«Адал сайлау» бірлестігі",
            NameRu = "Объединение «Адал сайлау»",
            DescriptionKk = "Сайлауды бақылау.",
            DescriptionRu = "Наблюдение за выборами.",
            Slug = "adal-saylau",
            FoundedOn = new DateOnly(2019, 5, 1),
            WebsiteUrl = "https://example.org/adal",
            Links = "https://example.org/report\n\nhttps://example.org/report",
            LogoPath = logo,
        });

        var page = await client.GetStringAsync("/ru/organisations/adal-saylau");
        Assert.Contains($"/media/organisations/{logo}-256.webp", page, StringComparison.Ordinal);
        var media = await client.GetAsync($"/media/organisations/{logo}-256.webp");
        Assert.Equal("image/webp", media.Content.Headers.ContentType?.MediaType);

        var form = await service.GetAsync(admin, id);
        Assert.Equal("https://example.org/report", form.Links);
        Assert.Equal("«Адал сайлау» бірлестігі", form.ShortNameKk);

        // Edited: the cached profile is evicted.
        form.NameRu = "Объединение «Адал сайлау» (новое)";
        await service.SaveAsync(admin, form);
        Assert.Contains("Объединение «Адал сайлау» (новое)", WebUtility.HtmlDecode(await client.GetStringAsync("/ru/organisations/adal-saylau")), StringComparison.Ordinal);

        await service.SetArchivedAsync(admin, id, archived: true);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/ru/organisations/adal-saylau")).StatusCode);
        var db = scope.ServiceProvider.GetRequiredService<BaqylauDbContext>();
        Assert.True(await db.Organisations.AnyAsync(o => o.Id == id && o.IsArchived));
        Assert.Equal(3, await db.AuditEntries.CountAsync(a => a.EntityType == nameof(Organisation) && a.EntityId == id.ToString() && a.UserName == AdminWebFactory.AdminEmail));
    }
}
