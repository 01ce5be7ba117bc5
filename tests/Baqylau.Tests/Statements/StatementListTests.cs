using System.Net;
using Baqylau.Common;
using Baqylau.Local.Demo;
using Baqylau.Localization;
using Baqylau.Publishing;
using Baqylau.Statements;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Baqylau.Tests.Statements;

public class StatementListTests(BaqylauWebFactory factory) : IClassFixture<BaqylauWebFactory>
{
    private static DateTimeOffset StartOfYear(int year) =>
        new(TimeZoneInfo.ConvertTimeToUtc(new DateTime(year, 1, 1, 0, 0, 0, DateTimeKind.Unspecified), Datelines.Kazakhstan), TimeSpan.Zero);

    private Task<int> CountAsync(Func<IQueryable<Statement>, IQueryable<Statement>> filter) =>
        factory.QueryAsync(db => filter(db.Statements.Where(s => PublicHtml.PublicStatuses.Contains(s.Status))).CountAsync());

    [Fact]
    public async Task The_filter_form_is_a_plain_get_form_with_every_filter()
    {
        var doc = await factory.Client().GetDocumentAsync("/kk/statements?year=2024&organisation=ashyq-dauys");
        var form = doc.QuerySelector("form.filters")!;
        Assert.Equal("get", form.GetAttribute("method"));
        Assert.Equal("/kk/statements", form.GetAttribute("action"));
        foreach (var name in new[] { "rubric", "campaign", "organisation", "year" })
            Assert.NotNull(form.QuerySelector($"select[name='{name}']"));
        Assert.NotNull(form.QuerySelector("button[type='submit']"));
        Assert.NotNull(form.QuerySelector("select[name='year'] option[value='2024'][selected]"));
        Assert.NotNull(form.QuerySelector("select[name='organisation'] option[value='ashyq-dauys'][selected]"));
        Assert.NotNull(form.QuerySelector("a[href='/kk/statements']"));
        Assert.Equal(2, form.QuerySelectorAll("select[name='organisation'] option[value!='']").Length);
    }

    [Fact]
    public async Task Filters_narrow_the_list_and_the_count_says_how_many()
    {
        var all = await CountAsync(q => q);
        Assert.Equal(all, (await factory.Client().GetDocumentAsync("/ru/statements")).ResultCount());

        var analysis = await CountAsync(q => q.Where(s => s.Rubric!.Slug == "analysis"));
        var doc = await factory.Client().GetDocumentAsync("/ru/statements?rubric=analysis");
        Assert.Equal(analysis, doc.ResultCount());
        Assert.InRange(analysis, 1, all - 1);
        Assert.All(doc.QuerySelectorAll(".news-item__rubric"), r => Assert.Equal("Аналитика", r.TextContent.Trim()));

        var kurultai = await CountAsync(q => q.Where(s => s.Campaign!.Slug == DemoIds.Kurultai2026Slug));
        Assert.Equal(kurultai, (await factory.Client().GetDocumentAsync($"/ru/statements?campaign={DemoIds.Kurultai2026Slug}")).ResultCount());

        var ashyq = await CountAsync(q => q.Where(s => s.Organisation!.Slug == DemoIds.SecondOrganisationSlug));
        doc = await factory.Client().GetDocumentAsync($"/kk/statements?organisation={DemoIds.SecondOrganisationSlug}");
        Assert.Equal(ashyq, doc.ResultCount());
        Assert.All(doc.QuerySelectorAll(".news-item__meta"), m => Assert.Contains("Ашық дауыс", m.TextContent, StringComparison.Ordinal));

        // Years as Kazakhstan counts them.
        var (from, to) = (StartOfYear(2024), StartOfYear(2025));
        var in2024 = await CountAsync(q => q.Where(s => s.PublishedAt >= from && s.PublishedAt < to));
        doc = await factory.Client().GetDocumentAsync("/ru/statements?year=2024");
        Assert.Equal(in2024, doc.ResultCount());
        Assert.All(doc.QuerySelectorAll(".news-item__meta time"), t => Assert.Contains("2024", t.TextContent, StringComparison.Ordinal));

        var both = await CountAsync(q => q.Where(s => s.Organisation!.Slug == DemoIds.SecondOrganisationSlug && s.PublishedAt >= from && s.PublishedAt < to));
        Assert.Equal(both, (await factory.Client().GetDocumentAsync($"/ru/statements?organisation={DemoIds.SecondOrganisationSlug}&year=2024")).ResultCount());

        var tagged = await CountAsync(q => q.Where(s => s.Tags.Any(t => t.Slug == "courts")));
        Assert.Equal(tagged, (await factory.Client().GetDocumentAsync("/ru/statements?tag=courts")).ResultCount());
    }

    [Theory]
    [InlineData("?rubric=no-such-rubric")]
    [InlineData("?year=abc&campaign=&organisation=")]
    [InlineData("?year=99999999999999999999")]
    [InlineData("?year=1900")]
    [InlineData("?organisation=%3Cscript%3Ealert(1)%3C%2Fscript%3E")]
    [InlineData("?campaign=%00&tag=%E2%80%AE&page=0")]
    [InlineData("?rubric=analysis&rubric=news")]
    public async Task Invalid_filter_values_are_ignored_never_an_error(string query)
    {
        var response = await factory.Client().GetAsync("/kk/statements" + query);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("<script>alert", html, StringComparison.Ordinal);
        var shown = PublicHtml.Parse(html).ResultCount();
        Assert.True(shown == await CountAsync(q => q) || query.Contains("rubric=analysis", StringComparison.Ordinal), query);
    }

    [Fact]
    public async Task Paging_keeps_the_filters_in_stable_urls()
    {
        // 23 more statements under one rubric: enough for two pages of that filter.
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<Baqylau.Data.BaqylauDbContext>();
            var rubric = new Rubric { Slug = "paging-test", Name = new LocalizedText("Тексеру", "Проверка"), SortOrder = 99 };
            for (var i = 0; i < 23; i++)
            {
                db.Statements.Add(new Statement
                {
                    OrganisationId = DemoIds.SecondOrganisation,
                    Rubric = rubric,
                    Status = StatementStatus.Published,
                    PublishedAt = new DateTimeOffset(2025, 3, 1, 6, 0, 0, TimeSpan.Zero).AddHours(i),
                    Translations = [new StatementTranslation { Culture = "ru", Slug = $"paging-test-{i}", Title = $"Проверка страниц {i}" }],
                });
            }

            await db.SaveChangesAsync();
            await scope.ServiceProvider.GetRequiredService<IPublicContentEvents>().StatementChangedAsync(Guid.Empty);
        }

        var first = await factory.Client().GetDocumentAsync("/ru/statements?rubric=paging-test");
        Assert.Equal(23, first.ResultCount());
        Assert.Equal(20, first.QuerySelectorAll(".news-item").Length);
        Assert.Equal("/ru/statements?rubric=paging-test&page=2", first.QuerySelector("a[rel='next']")!.GetAttribute("href"));

        var second = await factory.Client().GetDocumentAsync("/ru/statements?rubric=paging-test&page=2");
        Assert.Equal(3, second.QuerySelectorAll(".news-item").Length);
        Assert.Equal("/ru/statements?rubric=paging-test", second.QuerySelector("a[rel='prev']")!.GetAttribute("href"));
        Assert.Null(second.QuerySelector("a[rel='next']"));
        // Newest first: the last page holds the oldest.
        Assert.Equal("Проверка страниц 0", second.QuerySelectorAll(".news-item__title")[^1].TextContent.Trim());
    }

    [Fact]
    public async Task Retracted_statements_stay_listed_with_a_notice_and_items_link_their_page()
    {
        var retracted = await factory.QueryAsync(db => db.Statements.AsNoTracking().Include(s => s.Translations)
            .FirstAsync(s => s.Status == StatementStatus.Retracted));
        var year = TimeZoneInfo.ConvertTime(retracted.PublishedAt!.Value, Datelines.Kazakhstan).Year;
        var doc = await factory.Client().GetDocumentAsync($"/ru/statements?year={year}&organisation=ashyq-dauys");
        var ruSlug = retracted.Translation("ru")!.Slug;
        var item = doc.QuerySelectorAll(".news-item").Single(li => li.QuerySelector($"a[href='/ru/statements/{ruSlug}']") is not null);
        Assert.Contains("news-item--retracted", item.ClassName, StringComparison.Ordinal);
        Assert.Equal("Отозвано " + Datelines.Format(retracted.RetractedAt!.Value, "ru"), item.QuerySelector(".news-item__retracted")!.TextContent.Trim());

        // A statement with Kazakh text only links straight to it from the Russian list.
        var kkOnly = await factory.QueryAsync(db => db.StatementTranslations.AsNoTracking()
            .Where(t => PublicHtml.PublicStatuses.Contains(t.Statement!.Status) && t.Statement.Translations.Count == 1 && t.Culture == "kk" && t.Statement.RubricId != null)
            .Select(t => new { t.Slug, t.Statement!.PublishedAt }).FirstAsync());
        var kkYear = TimeZoneInfo.ConvertTime(kkOnly.PublishedAt!.Value, Datelines.Kazakhstan).Year;
        var list = await factory.Client().GetDocumentAsync($"/ru/statements?year={kkYear}&organisation=ashyq-dauys");
        var link = list.QuerySelector($"a[href='/kk/statements/{kkOnly.Slug}']")!;
        Assert.Equal("kk", link.GetAttribute("hreflang"));
    }
}
