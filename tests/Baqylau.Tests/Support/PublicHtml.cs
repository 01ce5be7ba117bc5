using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Baqylau.Data;
using Baqylau.Publishing;
using Baqylau.Statements;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Baqylau.Tests.Support;

/// <summary>Helpers for tests of the public statement pages: parsed HTML, and the database behind the app.</summary>
public static class PublicHtml
{
    public const string Origin = "http://localhost";

    public static IDocument Parse(string html) => new HtmlParser().ParseDocument(html);

    public static async Task<IDocument> GetDocumentAsync(this HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode}");
        return Parse(await response.Content.ReadAsStringAsync());
    }

    public static string? Meta(this IDocument doc, string property) =>
        (doc.QuerySelector($"meta[property='{property}']") ?? doc.QuerySelector($"meta[name='{property}']"))?.GetAttribute("content");

    public static string? Hreflang(this IDocument doc, string lang) =>
        doc.QuerySelector($"link[rel='alternate'][hreflang='{lang}']")?.GetAttribute("href");

    /// <summary>The number in the list's result line ("28 заявлений").</summary>
    public static int ResultCount(this IDocument doc) =>
        int.Parse(new string(doc.QuerySelector("p.count")!.TextContent.Where(char.IsAsciiDigit).ToArray()), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Runs <paramref name="change"/> on the app's database, then tells the app (as the workspace will) that the statement changed.</summary>
    public static async Task ChangeStatementAsync(this BaqylauWebFactory factory, Guid statementId, Func<BaqylauDbContext, Statement, Task> change)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BaqylauDbContext>();
        var statement = await db.Statements.Include(s => s.Translations).SingleAsync(s => s.Id == statementId);
        await change(db, statement);
        await db.SaveChangesAsync();
        await scope.ServiceProvider.GetRequiredService<IPublicContentEvents>().StatementChangedAsync(statementId);
    }

    public static async Task<T> QueryAsync<T>(this BaqylauWebFactory factory, Func<BaqylauDbContext, Task<T>> query)
    {
        _ = factory.Server; // the app (and its seeding) has started
        await using var scope = factory.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<BaqylauDbContext>());
    }

    public static readonly StatementStatus[] PublicStatuses = [StatementStatus.Published, StatementStatus.Corrected, StatementStatus.Retracted];
}
