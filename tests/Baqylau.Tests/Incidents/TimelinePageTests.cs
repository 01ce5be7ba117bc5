using System.Net;
using Baqylau.Incidents;
using Baqylau.Local.Demo;

namespace Baqylau.Tests.Incidents;

[Collection(IncidentWebCollection.Name)]
public class TimelinePageTests(BaqylauWebFactory factory)
{
    [Fact]
    public async Task Keyset_paging_visits_every_public_incident_once_newest_first_undated_last()
    {
        var all = await factory.PublicIncidentsAsync();
        var ids = await factory.Client().WalkAsync("/kk/incidents", "kk");
        Assert.Equal(all.Count, ids.Count);
        Assert.Equal(ids.Count, ids.Distinct().Count());
        var byId = all.ToDictionary(i => i.PublicId);
        var keys = ids.Select(id => byId[id].OccurredSortKey).ToList();
        var dated = keys.TakeWhile(k => k is not null).ToList();
        Assert.True(keys.Skip(dated.Count).All(k => k is null), "an undated incident came before a dated one");
        Assert.Equal(dated.OrderByDescending(k => k), dated);
    }

    [Fact]
    public async Task Years_group_the_timeline_and_fuzzy_dates_keep_their_honest_labels()
    {
        var ids = await factory.Client().WalkAsync("/ru/incidents?organisation=" + DemoIds.ErkindikQanatySlug, "ru");
        Assert.NotEmpty(ids);
        var html = await factory.Client().PageAsync("/ru/incidents?organisation=erkindik-qanaty&from=2019&to=2023");
        Assert.Contains("<h2 class=\"year-group__year\">2023</h2>", html, StringComparison.Ordinal);
        Assert.Contains("2019–2022", html, StringComparison.Ordinal);
        Assert.Contains("2020–2021", html, StringComparison.Ordinal);
        Assert.Contains("2023 г.", html, StringComparison.Ordinal);
        // The range 2019–2022 is placed by its start: under 2019, after 2020's range.
        Assert.True(html.IndexOf("2020–2021", StringComparison.Ordinal) < html.IndexOf("2019–2022", StringComparison.Ordinal));
        var undated = await factory.Client().PageAsync("/kk/incidents?category=observer-removal");
        Assert.Contains("Күні белгісіз</h2>", undated, StringComparison.Ordinal);
        Assert.Contains("күні белгісіз", undated, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_year_range_filter_keeps_periods_that_overlap_it_and_leaves_undated_out()
    {
        var all = await factory.PublicIncidentsAsync();
        var expected = all.Where(i => i.Occurred.StartDay is { } s && s <= new DateOnly(2020, 12, 31) && i.Occurred.EndDay >= new DateOnly(2020, 1, 1))
            .Select(i => i.PublicId).Order().ToList();
        var ids = await factory.Client().WalkAsync("/kk/incidents?from=2020&to=2020", "kk");
        Assert.Equal(expected, ids.Order().ToList());
        Assert.Contains(all.Single(i => i.Occurred == FuzzyDate.ForYearRange(2019, 2022)).PublicId, ids);
    }

    [Theory]
    [InlineData("campaign", "kurultai-2026")]
    [InlineData("category", "internet-blocking")]
    [InlineData("region", "almaty")]
    [InlineData("status", "disputed")]
    [InlineData("organisation", "ashyq-dauys")]
    [InlineData("actor", "police")]
    public async Task Each_filter_narrows_to_exactly_the_matching_incidents(string param, string value)
    {
        var all = await factory.WithDbAsync(async db =>
        {
            var q = db.Incidents.Where(i => i.Visibility == IncidentVisibility.Public);
            q = param switch
            {
                "campaign" => q.Where(i => i.Campaign!.Slug == value),
                "category" => q.Where(i => i.Category!.Slug == value),
                "region" => q.Where(i => i.Region!.Code == value),
                "status" => q.Where(i => i.Verification == VerificationStatus.Disputed),
                "organisation" => q.Where(i => i.Organisation!.Slug == value),
                _ => q.Where(i => i.Actor!.Slug == value),
            };
            return await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(q.Select(i => i.PublicId));
        });
        Assert.NotEmpty(all);
        var ids = await factory.Client().WalkAsync($"/ru/incidents?{param}={value}", "ru");
        Assert.Equal(all.Order(), ids.Order());
        var html = await factory.Client().PageAsync($"/ru/incidents?{param}={value}");
        Assert.Contains(all.Count % 10 == 1 && all.Count % 100 != 11 ? $"Найден {all.Count} инцидент" : $"Найдено {all.Count} инцидент", html, StringComparison.Ordinal);
        // The form shows the filter, and the feed and CSV links carry it.
        Assert.Contains($"value=\"{value}\" selected", html, StringComparison.Ordinal);
        Assert.Contains($"/ru/incidents.atom?{param}={value}", html, StringComparison.Ordinal);
        Assert.Contains($"/ru/incidents.csv?{param}={value}", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/kk/incidents?from=abc", "Қай жылдан")]
    [InlineData("/kk/incidents?status=approved&to=1700", "Тексеру мәртебесі")]
    [InlineData("/ru/incidents?region=atlantis", "Регион")]
    [InlineData("/ru/incidents?after=garbage", "Страница")]
    [InlineData("/ru/incidents?campaign=%3Cscript%3E", "Кампания")]
    public async Task Invalid_filter_values_are_ignored_with_a_localised_message(string url, string parameterLabel)
    {
        var response = await factory.Client().GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("alert--warn", html, StringComparison.Ordinal);
        Assert.Contains($"<li>{parameterLabel}</li>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_form_submission_with_empty_fields_redirects_to_the_short_shareable_url()
    {
        var response = await factory.Client().GetAsync("/kk/incidents?q=&campaign=&region=almaty&actor=&status=&from=&to=");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/kk/incidents?region=almaty", response.LocationPath());
    }

    [Fact]
    public async Task The_timeline_is_plain_html_with_a_get_form_feed_and_csv_links_and_no_circuit()
    {
        var html = await factory.Client().PageAsync("/kk/incidents?q=%D0%B8%D0%BD%D1%82%D0%B5%D1%80%D0%BD%D0%B5%D1%82");
        Assert.Contains("<form class=\"filters\" method=\"get\" action=\"/kk/incidents\"", html, StringComparison.Ordinal);
        Assert.Contains("type=\"application/atom+xml\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/kk/incidents.csv?q=%D0%B8%D0%BD%D1%82%D0%B5%D1%80%D0%BD%D0%B5%D1%82\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("blazor.web.js", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Late_records_are_flagged_and_prompt_ones_are_not()
    {
        var all = await factory.PublicIncidentsAsync();
        var late = all.Where(i => TimelineRules.IsRecordedLater(i.Occurred, i.RecordedAt) && i.Occurred.Precision >= DatePrecision.Day).ToList();
        Assert.NotEmpty(late);
        var worked = all.Single(i => i.Occurred == FuzzyDate.ForYear(2023));
        Assert.True(TimelineRules.IsRecordedLater(worked.Occurred, worked.RecordedAt)); // logged in 2026
        Assert.False(TimelineRules.IsRecordedLater(FuzzyDate.ForDay(new DateOnly(2024, 10, 6)), new DateTimeOffset(2024, 10, 8, 18, 0, 0, TimeSpan.Zero)));
        Assert.True(TimelineRules.IsRecordedLater(FuzzyDate.ForDay(new DateOnly(2024, 10, 6)), new DateTimeOffset(2024, 10, 9, 19, 30, 0, TimeSpan.Zero)));
        Assert.False(TimelineRules.IsRecordedLater(FuzzyDate.Unknown, DateTimeOffset.UtcNow));

        var html = await factory.Client().PageAsync("/ru/incidents?from=2023&to=2023&organisation=erkindik-qanaty");
        Assert.Contains("внесено позже: 6 июля 2026", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Charts_are_accessible_svg_with_tables_of_the_same_numbers_for_the_current_filter()
    {
        var all = await factory.PublicIncidentsAsync();
        var blocking = all.Where(i => i.Category!.Slug == "internet-blocking").ToList();
        var html = await factory.Client().PageAsync("/ru/incidents?category=internet-blocking");
        Assert.Contains("role=\"img\" aria-labelledby=\"chart-year-title chart-year-desc\"", html, StringComparison.Ordinal);
        Assert.Contains("<title id=\"chart-year-title\">Инциденты по годам и категориям</title>", html, StringComparison.Ordinal);
        Assert.Contains("<desc id=\"chart-region-desc\">", html, StringComparison.Ordinal);
        Assert.Contains("<table>", html, StringComparison.Ordinal);
        // One category in the filter: one series, so each year's row is "count, total" with the timeline's numbers.
        var compact = System.Text.RegularExpressions.Regex.Replace(html, @">\s+<", "><");
        foreach (var year in blocking.Where(i => i.OccurredSortKey is not null).GroupBy(i => i.OccurredSortKey!.Value.Year))
            Assert.Contains($"<th scope=\"row\">{year.Key}</th><td>{year.Count()}</td><td>{year.Count()}</td>", compact, StringComparison.Ordinal);
        // SVG numbers use a dot in both languages.
        Assert.DoesNotMatch("<rect [^>]*=\"\\d+,\\d", html);
    }
}
