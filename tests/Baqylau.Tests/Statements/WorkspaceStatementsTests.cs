using System.Net;

namespace Baqylau.Tests.Statements;

public class WorkspaceStatementsTests(BaqylauWebFactory factory) : IClassFixture<BaqylauWebFactory>
{
    [Fact]
    public async Task The_statement_pages_and_photos_are_for_signed_in_staff_only()
    {
        var anonymous = factory.Client();
        foreach (var path in new[] { "/workspace/statements", "/workspace/statements/new", "/workspace/photos/0123456789abcdef0123456789abcdef-640.webp" })
        {
            var response = await anonymous.GetAsync(path);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/account/login", response.LocationPath(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task An_author_gets_the_list_and_the_editor_in_the_workspace_language()
    {
        var client = factory.Client();
        await client.SignInAsync("author@baqylau.local", BaqylauWebFactory.DemoPassword);

        var list = await client.GetStringAsync("/workspace/statements");
        Assert.Contains("Жаңа мәлімдеме", list, StringComparison.Ordinal);
        Assert.Contains("href=\"/workspace/statements\"", list, StringComparison.Ordinal);

        var editor = await client.GetStringAsync("/workspace/statements/new");
        Assert.Contains("data-field=\"kk.Title\"", editor, StringComparison.Ordinal);
        Assert.Contains("data-field=\"ru.Body\"", editor, StringComparison.Ordinal);

        var missingPhoto = await client.GetAsync("/workspace/photos/0123456789abcdef0123456789abcdef-640.webp");
        Assert.Equal(HttpStatusCode.NotFound, missingPhoto.StatusCode);
        var badName = await client.GetAsync("/workspace/photos/..%2F..%2Fappsettings.json");
        Assert.Equal(HttpStatusCode.NotFound, badName.StatusCode);
    }
}
