using System.Net;
using System.Text.RegularExpressions;
using Jint;

namespace Baqylau.Tests.Accounts;

/// <summary>
/// ASVS 8.2.2 / 8.2.3: the editors keep unsaved text in localStorage; signing out runs a script of our own that
/// removes exactly those draft keys. (The browser test OfflineTypingTests drives it in Chromium.)
/// </summary>
[Collection(SecurityWebCollection.Name)]
public partial class SignOutDraftsTests(BaqylauWebFactory factory)
{
    [Fact]
    public async Task Signing_out_lands_on_a_page_that_runs_the_draft_clearing_script()
    {
        var client = await factory.SignedInAsync("author@baqylau.local");
        var workspace = await client.GetStringAsync("/workspace");
        var logout = await client.PostAsync("/account/logout", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["returnUrl"] = "/ru",
            ["__RequestVerificationToken"] = WebTestHelpers.AntiforgeryToken(workspace),
        }));
        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);
        Assert.Equal("/account/signed-out?returnUrl=%2Fru", logout.LocationPath());
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/workspace")).StatusCode); // signed out indeed

        var page = await client.GetAsync(logout.LocationPath());
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.True(page.Headers.CacheControl?.NoStore);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("href=\"/ru\"", html, StringComparison.Ordinal);
        var src = ScriptSource().Match(html);
        Assert.True(src.Success, "the signed-out page has no signed-out script");
        var script = await client.GetAsync("/" + src.Groups[1].Value.TrimStart('/'));
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
        Assert.Equal(await script.Content.ReadAsStringAsync(), await File.ReadAllTextAsync(ScriptPath));

        // No other page carries it (it must not wipe drafts while someone works).
        Assert.DoesNotMatch(ScriptSource(), await client.GetStringAsync("/account/login"));
        Assert.DoesNotMatch(ScriptSource(), await client.GetStringAsync("/ru"));
    }

    [Fact]
    public void The_script_removes_every_editor_draft_key_and_nothing_else()
    {
        // The prefixes the editors write under, read from their sources: a new editor with a new prefix fails here.
        var prefixes = ResourceFile.WebSources()
            .SelectMany(f => EditorKey().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value))
            .ToHashSet(StringComparer.Ordinal);
        Assert.Equal(["baqylau:incident:", "baqylau:statement:"], prefixes.Order(StringComparer.Ordinal));

        var keys = new List<string>
        {
            "baqylau:statement:0f8e4b1c2d3a4b5c6d7e8f9012345678:new",
            "baqylau:statement:0f8e4b1c2d3a4b5c6d7e8f9012345678:1f8e4b1c2d3a4b5c6d7e8f9012345678",
            "baqylau:incident:0f8e4b1c2d3a4b5c6d7e8f9012345678:new",
            "baqylau:lang",
            "other-site-setting",
            "xbaqylau:statement:1",
        };
        var storage = new FakeStorage(keys.ToDictionary(k => k, k => "{}"));
        new Engine().SetValue("localStorage", storage).Execute(File.ReadAllText(ScriptPath));
        Assert.Equal(["baqylau:lang", "other-site-setting", "xbaqylau:statement:1"], storage.Keys.Order(StringComparer.Ordinal));
    }

    private static string ScriptPath => Path.Combine(RepoPaths.Root, "src", "Baqylau.Web", "wwwroot", "js", "signed-out.js");

    /// <summary>localStorage's interface, enough for the script: length, key(i), removeItem(key).</summary>
    public sealed class FakeStorage(Dictionary<string, string> items)
    {
        public IEnumerable<string> Keys => items.Keys;

#pragma warning disable IDE1006 // the names of the Web Storage API
        public int length => items.Count;

        public string? key(int index) => index >= 0 && index < items.Count ? items.Keys.ElementAt(index) : null;

        public void removeItem(string key) => items.Remove(key);
#pragma warning restore IDE1006
    }

    [GeneratedRegex("<script src=\"([^\"]*signed-out[^\"]*\\.js)\"")]
    private static partial Regex ScriptSource();

    [GeneratedRegex("LocalKey => \\$\"(baqylau:[a-z]+:)")]
    private static partial Regex EditorKey();
}
