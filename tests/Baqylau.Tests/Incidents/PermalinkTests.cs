using System.Net;
using Baqylau.Incidents;
using Baqylau.Local.Demo;
using Microsoft.EntityFrameworkCore;

namespace Baqylau.Tests.Incidents;

[Collection(IncidentWebCollection.Name)]
public class PermalinkTests(BaqylauWebFactory factory)
{
    private Task<Incident> WorkedAsync(FuzzyDate date) => factory.WithDbAsync(db => db.Incidents.AsNoTracking()
        .Include(i => i.Translations).Include(i => i.Sources).Include(i => i.VerificationHistory)
        .SingleAsync(i => i.OrganisationId == DemoIds.ErkindikQanaty && i.OccurredSortKey == date.SortKey && i.OccurredEndDay == date.EndDay
                          && i.Statements.Any(s => s.Id == DemoIds.Statement20260708)));

    [Fact]
    public async Task The_permalink_page_shows_the_facts_history_sources_statement_and_citation()
    {
        var tax = await WorkedAsync(FuzzyDate.ForYearRange(2020, 2021));
        var html = await factory.Client().PageAsync($"/ru/incidents/{tax.PublicId}");
        Assert.Contains($"<h1>{tax.Translation("ru")!.Title}</h1>", html, StringComparison.Ordinal);
        Assert.Contains("2020–2021", html, StringComparison.Ordinal);
        Assert.Contains("Внесено в реестр", html, StringComparison.Ordinal);
        Assert.Contains("Общественный фонд", html, StringComparison.Ordinal);
        // Status history: every step, with its date, never who.
        foreach (var step in tax.VerificationHistory)
            Assert.Contains(step.At.ToOffset(TimeSpan.FromHours(5)).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), html, StringComparison.Ordinal);
        Assert.DoesNotContain("Подтверждено по двум", html, StringComparison.Ordinal);
        // The document source, and the statement of 8 July 2026 by its Russian slug.
        Assert.Contains("https://erkindik-qanaty.example/docs/tax-notices-2020-2021.pdf", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"/ru/statements/{DemoIds.Statement20260708SlugRu}\"", html, StringComparison.Ordinal);
        // Cite this: the permalink, a retrieval date, and a plain-text citation.
        Assert.Contains($"http://localhost/ru/incidents/{tax.PublicId}", html, StringComparison.Ordinal);
        Assert.Contains("Как цитировать", html, StringComparison.Ordinal);
        Assert.Contains("(дата обращения:", html, StringComparison.Ordinal);
        Assert.Contains("<textarea id=\"cite-text\"", html, StringComparison.Ordinal);
        // Head: title, description, canonical, and both languages with the same id.
        Assert.Contains($"<title>{tax.Translation("ru")!.Title} · Бакылау</title>", html, StringComparison.Ordinal);
        Assert.Contains("<meta name=\"description\" content=\"В 2020–2021 годах", html, StringComparison.Ordinal);
        Assert.Contains($"<link rel=\"canonical\" href=\"http://localhost/ru/incidents/{tax.PublicId}\"", html, StringComparison.Ordinal);
        Assert.Contains($"hreflang=\"kk\" href=\"http://localhost/kk/incidents/{tax.PublicId}\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("blazor.web.js", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_network_measurement_source_is_labelled_as_such_with_its_archive_and_access_date()
    {
        var source = await factory.WithDbAsync(db => db.Incidents.AsNoTracking()
            .Where(i => i.Visibility == IncidentVisibility.Public)
            .SelectMany(i => i.Sources.Select(s => new { i.PublicId, s.Kind, s.Url }))
            .FirstAsync(s => s.Kind == SourceKind.NetworkMeasurement));
        var html = await factory.Client().PageAsync($"/kk/incidents/{source.PublicId}");
        Assert.Contains("Желілік өлшеу", html, StringComparison.Ordinal);
        Assert.Contains(source.Url, html, StringComparison.Ordinal);
        Assert.Contains("қаралған күні:", html, StringComparison.Ordinal);

        var archived = await factory.WithDbAsync(db => db.Incidents.AsNoTracking()
            .Where(i => i.Visibility == IncidentVisibility.Public)
            .SelectMany(i => i.Sources.Select(s => new { i.PublicId, s.ArchiveUrl }))
            .FirstAsync(s => s.ArchiveUrl != null));
        var page = await factory.Client().PageAsync($"/ru/incidents/{archived.PublicId}");
        Assert.Contains($"href=\"{archived.ArchiveUrl}\"", page, StringComparison.Ordinal);
        Assert.Contains("архивная копия", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_undated_incident_says_so_and_every_public_incident_has_a_permalink_in_both_languages()
    {
        var removal = await WorkedAsync(FuzzyDate.Unknown);
        var html = await factory.Client().PageAsync($"/kk/incidents/{removal.PublicId}");
        Assert.Contains("күні белгісіз", html, StringComparison.Ordinal);
        foreach (var id in (await factory.PublicIncidentsAsync()).Take(15).Select(i => i.PublicId))
        {
            Assert.Equal(HttpStatusCode.OK, (await factory.Client().GetAsync($"/kk/incidents/{id}")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await factory.Client().GetAsync($"/ru/incidents/{id}")).StatusCode);
        }
    }

    [Theory]
    [InlineData("/kk/incidents/zzzzzzzzzz")]
    [InlineData("/ru/incidents/NOT-AN-ID")]
    [InlineData("/ru/incidents/a")]
    [InlineData("/ru/incidents/%3Cscript%3E")]
    [InlineData("/en/incidents/abcdefgh")]
    public async Task Unknown_or_malformed_ids_are_a_404(string url)
    {
        var response = await factory.Client().GetAsync(url);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task An_internal_incident_has_no_public_page_anywhere()
    {
        var hidden = await factory.WithDbAsync(db => db.Incidents.AsNoTracking()
            .Where(i => i.Visibility == IncidentVisibility.Internal).Select(i => i.PublicId).ToListAsync());
        Assert.NotEmpty(hidden);
        foreach (var id in hidden)
        {
            Assert.Equal(HttpStatusCode.NotFound, (await factory.Client().GetAsync($"/kk/incidents/{id}")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await factory.Client().GetAsync($"/api/v1/incidents/{id}")).StatusCode);
        }

        var listed = await factory.Client().WalkAsync("/ru/incidents", "ru");
        Assert.Empty(listed.Intersect(hidden));
    }
}
