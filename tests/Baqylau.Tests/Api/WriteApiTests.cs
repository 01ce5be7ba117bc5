using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Baqylau.Accounts;
using Baqylau.Auditing;
using Baqylau.Data;
using Baqylau.Incidents;
using Baqylau.Statements;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Baqylau.Tests.Api;

/// <summary>The write API for field tools and bots: tokens from the workspace credentials, then POST/PUT through the workspace services.</summary>
public class WriteApiTests(BaqylauWebFactory factory) : IClassFixture<BaqylauWebFactory>
{
    private const string Author = "author@baqylau.local";
    private const string Author2 = "author2@baqylau.local";
    private const string Editor = "editor@baqylau.local";
    private const string Password = BaqylauWebFactory.DemoPassword;

    // ---------------------------------------------------------------- tokens

    [Fact]
    public async Task An_editor_gets_a_token_with_password_and_authenticator_code_and_is_refused_without_a_right_code()
    {
        var client = factory.Client("ru");
        var ok = await client.PostAsJsonAsync("/api/v1/auth/token",
            new { email = Editor, password = Password, code = await factory.Totp.CodeAsync(BaqylauWebFactory.DemoTotpSecret, Editor) });
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal("no-store", ok.Headers.CacheControl?.ToString());
        using var body = JsonDocument.Parse(await ok.Content.ReadAsStringAsync());
        Assert.Equal("Bearer", body.RootElement.GetProperty("tokenType").GetString());
        Assert.Equal(1800, body.RootElement.GetProperty("expiresIn").GetInt32());
        Assert.True(body.RootElement.GetProperty("accessToken").GetString()!.Length > 40);

        var noCode = await client.PostAsJsonAsync("/api/v1/auth/token", new { email = Editor, password = Password });
        await AssertProblemAsync(noCode, HttpStatusCode.Unauthorized, "Api_SecondFactorRequired", "второй фактор");

        var wrongCode = await client.PostAsJsonAsync("/api/v1/auth/token", new { email = Editor, password = Password, code = "000000" == TotpCodes.At(BaqylauWebFactory.DemoTotpSecret, factory.Totp.CurrentStep) ? "111111" : "000000" });
        await AssertProblemAsync(wrongCode, HttpStatusCode.Unauthorized, "Api_SecondFactorInvalid", "Неверный код");

        var wrongPassword = await client.PostAsJsonAsync("/api/v1/auth/token", new { email = Editor, password = "not-the-password-at-all" });
        await AssertProblemAsync(wrongPassword, HttpStatusCode.Unauthorized, "Api_InvalidCredentials", "Неверный");

        // The failures above counted, as on the sign-in page; a success resets them.
        var editor = await FindUserAsync(Editor);
        Assert.True(editor.AccessFailedCount >= 2, $"failed count {editor.AccessFailedCount}");
    }

    [Fact]
    public async Task A_recovery_code_works_once_in_place_of_the_authenticator_code()
    {
        string code;
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<BaqylauUser>>();
            var admin = (await users.FindByEmailAsync("admin@baqylau.local"))!;
            code = (await users.GenerateNewTwoFactorRecoveryCodesAsync(admin, 2))!.First();
        }

        var client = factory.Client();
        var first = await client.PostAsJsonAsync("/api/v1/auth/token", new { email = "admin@baqylau.local", password = Password, recoveryCode = code });
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var again = await client.PostAsJsonAsync("/api/v1/auth/token", new { email = "admin@baqylau.local", password = Password, recoveryCode = code });
        Assert.Equal(HttpStatusCode.Unauthorized, again.StatusCode);
    }

    [Fact]
    public async Task Deactivated_accounts_and_editors_without_a_second_factor_get_no_token_and_failures_lock_out()
    {
        var inactive = await CreateUserAsync("inactive-author@baqylau.local", Roles.Author, active: false);
        var client = factory.Client("kk");
        var refused = await client.PostAsJsonAsync("/api/v1/auth/token", new { email = inactive, password = Password });
        await AssertProblemAsync(refused, HttpStatusCode.Unauthorized, "Api_InvalidCredentials", "өшірілген");

        var unenrolled = await CreateUserAsync("no-2fa-editor@baqylau.local", Roles.Editor, active: true);
        var noSecondFactor = await client.PostAsJsonAsync("/api/v1/auth/token", new { email = unenrolled, password = Password });
        await AssertProblemAsync(noSecondFactor, HttpStatusCode.Forbidden, "Api_SecondFactorNotEnrolled", "екінші фактор");

        var target = await CreateUserAsync("lockout-author@baqylau.local", Roles.Author, active: true);
        for (var i = 0; i < 5; i++)
            await client.PostAsJsonAsync("/api/v1/auth/token", new { email = target, password = "wrong-password-wrong" });
        var locked = await client.PostAsJsonAsync("/api/v1/auth/token", new { email = target, password = Password });
        await AssertProblemAsync(locked, HttpStatusCode.Unauthorized, "Api_LockedOut", "бұғатталды");
    }

    [Fact]
    public async Task A_token_stops_working_when_the_security_stamp_changes_and_a_cookie_never_authorises_a_write()
    {
        var user = await CreateUserAsync("stamp-author@baqylau.local", Roles.Author, active: true);
        var client = await BearerClientAsync(user);
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/v1/incidents", NewIncident("Мөр тексеру"))).StatusCode);

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<BaqylauUser>>();
            await users.UpdateSecurityStampAsync((await users.FindByEmailAsync(user))!);
        }

        var revoked = await client.PostAsJsonAsync("/api/v1/incidents", NewIncident("Мөр тексеру 2"));
        Assert.Equal(HttpStatusCode.Unauthorized, revoked.StatusCode);
        Assert.Equal("Bearer", revoked.Headers.WwwAuthenticate.Single().Scheme);

        // Signed in through the workspace forms: the cookie is there, and still no write.
        var browser = factory.Client("ru");
        await browser.SignInAsync(Author, Password);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/workspace/incidents")).StatusCode);
        var before = await factory.WithDbAsync(db => db.Incidents.CountAsync());
        foreach (var (method, url) in new[] { (HttpMethod.Post, "/api/v1/incidents"), (HttpMethod.Post, "/api/v1/statements"), (HttpMethod.Put, $"/api/v1/incidents/{Guid.NewGuid()}") })
        {
            var response = await browser.SendAsync(new HttpRequestMessage(method, url) { Content = JsonContent.Create(NewIncident("Cookie")) });
            await AssertProblemAsync(response, HttpStatusCode.Unauthorized, "Api_TokenRequired", "токен");
        }

        Assert.Equal(before, await factory.WithDbAsync(db => db.Incidents.CountAsync()));
    }

    // ---------------------------------------------------------------- incidents

    [Fact]
    public async Task An_author_creates_and_edits_an_incident_with_a_token_audited_as_themselves_with_If_Match()
    {
        var client = await BearerClientAsync(Author);
        var created = await client.PostAsJsonAsync("/api/v1/incidents", NewIncident("Учаскеде байқаушы шығарылды"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var result = (await created.Content.ReadFromJsonAsync<JsonElement>());
        var id = result.GetProperty("id").GetGuid();
        Assert.Equal("internal", result.GetProperty("visibility").GetString());
        Assert.Equal("reported", result.GetProperty("verification").GetString());
        var etag = created.Headers.ETag!.Tag;
        Assert.Equal($"\"{result.GetProperty("version").GetUInt32()}\"", etag);

        var author = await FindUserAsync(Author);
        var stored = await factory.WithDbAsync(db => db.Incidents.Include(i => i.Translations).Include(i => i.Sources).Include(i => i.Category).SingleAsync(i => i.Id == id));
        Assert.Equal(author.OrganisationId, stored.OrganisationId);
        Assert.Equal("observer-removal", stored.Category!.Slug);
        Assert.Equal(DatePrecision.Day, stored.Occurred.Precision);
        Assert.Equal("https://example.org/report", Assert.Single(stored.Sources).Url);
        var audit = await factory.WithDbAsync(db => db.AuditEntries.Where(a => a.EntityType == nameof(Incident) && a.EntityId == id.ToString()).ToListAsync());
        var insert = Assert.Single(audit, a => a.Action == AuditAction.Insert);
        Assert.Equal(author.Id, insert.UserId);
        Assert.Equal(Author, insert.UserName);

        // Edit with the ETag: 200 and a new ETag; the old one is now stale (412 with the current one); none is 428.
        var edit = NewIncident("Учаскеде байқаушы шығарылды (нақтыланды)");
        var saved = await client.SendAsync(Put($"/api/v1/incidents/{id}", edit, etag));
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        var newTag = saved.Headers.ETag!.Tag;
        Assert.NotEqual(etag, newTag);
        Assert.Equal("Учаскеде байқаушы шығарылды (нақтыланды)",
            await factory.WithDbAsync(db => db.IncidentTranslations.Where(t => t.IncidentId == id && t.Culture == "kk").Select(t => t.Title).SingleAsync()));
        Assert.Contains(await factory.WithDbAsync(db => db.AuditEntries.Where(a => a.EntityType == nameof(IncidentTranslation) && a.Action == AuditAction.Update).ToListAsync()),
            a => a.UserId == author.Id);

        var stale = await client.SendAsync(Put($"/api/v1/incidents/{id}", edit, etag));
        await AssertProblemAsync(stale, HttpStatusCode.PreconditionFailed, "Api_Stale", "Басқа біреу", "kk");
        Assert.Equal(newTag, stale.Headers.ETag!.Tag);

        var blind = await client.SendAsync(Put($"/api/v1/incidents/{id}", edit, null));
        Assert.Equal((HttpStatusCode)428, blind.StatusCode);
        var star = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/incidents/{id}") { Content = JsonContent.Create(edit) };
        star.Headers.TryAddWithoutValidation("If-Match", "*");
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await client.SendAsync(star)).StatusCode);
    }

    [Fact]
    public async Task Organisation_and_role_rules_are_the_workspace_ones()
    {
        var author = await BearerClientAsync(Author);
        var before = await factory.WithDbAsync(db => db.Incidents.CountAsync());
        var makePublic = await author.PostAsJsonAsync("/api/v1/incidents", NewIncident("Жария етуге тырысу") with { visibility = "public" });
        await AssertProblemAsync(makePublic, HttpStatusCode.Forbidden, "Api_Forbidden", "рөліңіз", "kk");
        Assert.Equal(before, await factory.WithDbAsync(db => db.Incidents.CountAsync()));

        var created = await author.PostAsJsonAsync("/api/v1/incidents", NewIncident("Ішкі оқиға"));
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var publish = await author.SendAsync(Put($"/api/v1/incidents/{id}", NewIncident("Ішкі оқиға") with { visibility = "public" }, created.Headers.ETag!.Tag));
        Assert.Equal(HttpStatusCode.Forbidden, publish.StatusCode);

        // Another organisation's incident does not exist for author2, whatever the body.
        var other = await BearerClientAsync(Author2);
        var notFound = await other.SendAsync(Put($"/api/v1/incidents/{id}", NewIncident("Бөтен"), created.Headers.ETag!.Tag));
        await AssertProblemAsync(notFound, HttpStatusCode.NotFound, "Api_NotFound", "табылмады", "kk");

        // An editor of the organisation may publish; the public API then shows it.
        var editor = await BearerClientAsync(Editor, BaqylauWebFactory.DemoTotpSecret);
        var published = await editor.SendAsync(Put($"/api/v1/incidents/{id}", NewIncident("Ішкі оқиға") with { visibility = "public" }, created.Headers.ETag!.Tag));
        Assert.Equal(HttpStatusCode.OK, published.StatusCode);
        var publicId = (await published.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("publicId").GetString();
        Assert.Equal(HttpStatusCode.OK, (await factory.Client().GetAsync($"/api/v1/incidents/{publicId}")).StatusCode);
    }

    [Fact]
    public async Task Bad_json_and_invalid_content_are_localised_problems_never_500()
    {
        var client = await BearerClientAsync(Author);
        foreach (var (lang, expected) in new[] { ("ru", "некорректный JSON"), ("kk", "дұрыс JSON емес") })
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/incidents") { Content = new StringContent("{\"title\": {\"kk\": \"a\",", Encoding.UTF8, "application/json") };
            request.Headers.AcceptLanguage.ParseAdd(lang);
            await AssertProblemAsync(await client.SendAsync(request), HttpStatusCode.BadRequest, "Api_InvalidJson", expected, lang);
        }

        // Wrong types, unknown properties and enum numbers are mistakes to name, not to ignore.
        foreach (var json in new[] { "{\"title\": 5}", "{\"titel\": {\"kk\": \"x\"}}", "{\"visibility\": 1}", "[]", "null" })
        {
            var response = await client.PostAsync("/api/v1/incidents", new StringContent(json, Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        var notJson = await client.PostAsync("/api/v1/incidents", new StringContent("title=x", Encoding.UTF8, "application/x-www-form-urlencoded"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, notJson.StatusCode);

        var invalid = new HttpRequestMessage(HttpMethod.Post, "/api/v1/incidents")
        {
            Content = JsonContent.Create(new { title = new { ru = "Без категории" }, occurred = new { precision = "year", year = 1900 }, sources = new[] { new { kind = "link", url = "javascript:alert(1)" } } }),
        };
        invalid.Headers.AcceptLanguage.ParseAdd("ru");
        var problem = await AssertProblemAsync(await client.SendAsync(invalid), HttpStatusCode.BadRequest, "validation", "ошибки", "ru");
        var errors = problem.GetProperty("errors");
        Assert.Equal("Выберите категорию.", errors.GetProperty("category")[0].GetString());
        Assert.Contains("http", errors.GetProperty("sources.url")[0].GetString(), StringComparison.Ordinal);
        Assert.True(errors.TryGetProperty("occurred", out _));

        var unknownCategory = await client.PostAsJsonAsync("/api/v1/incidents", NewIncident("x") with { category = "no-such-category" });
        var unknown = await AssertProblemAsync(unknownCategory, HttpStatusCode.BadRequest, "validation", "қателер", "kk");
        Assert.Contains("Санат", unknown.GetProperty("errors").GetProperty("category")[0].GetString(), StringComparison.Ordinal);
    }

    // ---------------------------------------------------------------- statements

    [Fact]
    public async Task Statement_drafts_are_created_and_edited_with_a_token_and_public_ones_refused()
    {
        var client = await BearerClientAsync(Author);
        var created = await client.PostAsJsonAsync("/api/v1/statements", new
        {
            title = new { kk = "Байқау туралы хабарлама", ru = "Сообщение о наблюдении" },
            lead = new { kk = "Қысқаша.", ru = "Кратко." },
            body = new { kk = "## Мәтін", ru = "## Текст" },
            rubric = "news",
            tags = new[] { "observers" },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var result = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("draft", result.GetProperty("status").GetString());
        var id = result.GetProperty("id").GetGuid();
        var author = await FindUserAsync(Author);
        Assert.Contains(await factory.WithDbAsync(db => db.AuditEntries.Where(a => a.EntityType == nameof(Statement) && a.EntityId == id.ToString()).ToListAsync()),
            a => a.Action == AuditAction.Insert && a.UserId == author.Id);

        var edit = new { title = new { kk = "Байқау туралы хабарлама (түзетілді)", ru = "Сообщение о наблюдении" }, body = new { kk = "Мәтін", ru = "Текст" } };
        var saved = await client.SendAsync(Put($"/api/v1/statements/{id}", edit, created.Headers.ETag!.Tag));
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.Equal(2, await factory.WithDbAsync(db => db.StatementRevisions.CountAsync(r => r.StatementId == id)));
        var stale = await client.SendAsync(Put($"/api/v1/statements/{id}", edit, created.Headers.ETag!.Tag));
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);

        // A published statement changes only through a correction in the workspace.
        var published = await factory.WithDbAsync(db => db.Statements.Where(s => s.PublicId == Baqylau.Local.Demo.DemoIds.Statement20260708PublicId).Select(s => new { s.Id, s.Version }).SingleAsync());
        var refused = await client.SendAsync(Put($"/api/v1/statements/{published.Id}", edit, $"\"{published.Version}\""));
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var other = await BearerClientAsync(Author2);
        Assert.Equal(HttpStatusCode.NotFound, (await other.SendAsync(Put($"/api/v1/statements/{id}", edit, saved.Headers.ETag!.Tag))).StatusCode);
    }

    [Fact]
    public async Task The_openapi_document_describes_the_write_api_and_its_bearer_scheme()
    {
        var json = await factory.Client().GetStringAsync("/api/v1/openapi.json");
        using var doc = JsonDocument.Parse(json);
        var paths = doc.RootElement.GetProperty("paths");
        Assert.True(paths.GetProperty("/api/v1/auth/token").TryGetProperty("post", out _));
        Assert.True(paths.GetProperty("/api/v1/incidents").TryGetProperty("post", out var post));
        Assert.True(post.TryGetProperty("security", out _));
        Assert.True(paths.GetProperty("/api/v1/incidents/{id}").TryGetProperty("put", out _));
        Assert.True(paths.GetProperty("/api/v1/statements/{id}").TryGetProperty("put", out _));
        Assert.Equal("bearer", doc.RootElement.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer").GetProperty("scheme").GetString());
    }

    // ---------------------------------------------------------------- helpers

    private sealed record IncidentBody(object title, object description, object occurred, string category, string? region, object[] sources, string? visibility = null);

    private static IncidentBody NewIncident(string kkTitle) => new(
        new { kk = kkTitle, ru = "Наблюдателя удалили с участка" },
        new { kk = "Сипаттама.", ru = "Описание." },
        new { precision = "day", year = 2026, month = 8, day = 23 },
        "observer-removal",
        "almaty",
        [new { kind = "link", url = "https://example.org/report", title = "Есеп" }]);

    private static HttpRequestMessage Put(string url, object body, string? etag)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, url) { Content = JsonContent.Create(body) };
        if (etag is not null)
            request.Headers.IfMatch.Add(new EntityTagHeaderValue(etag));
        return request;
    }

    private async Task<HttpClient> BearerClientAsync(string email, string? totpSecret = null)
    {
        var client = factory.Client("kk");
        var response = await client.PostAsJsonAsync("/api/v1/auth/token",
            new { email, password = Password, code = totpSecret is null ? null : await factory.Totp.CodeAsync(totpSecret, email) });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code, string textPart, string? lang = null)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(text).RootElement.Clone();
        Assert.Equal(code, problem.GetProperty("code").GetString());
        Assert.Contains(textPart, problem.GetProperty("title").GetString(), StringComparison.OrdinalIgnoreCase);
        _ = lang;
        return problem;
    }

    private async Task<BaqylauUser> FindUserAsync(string email)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<BaqylauDbContext>().Users.AsNoTracking().SingleAsync(u => u.Email == email);
    }

    private async Task<string> CreateUserAsync(string email, string role, bool active)
    {
        var organisation = (await FindUserAsync(Author)).OrganisationId;
        await StaffAccounts.CreateAsync(factory.Services, email, role, Password, organisation, active: active);
        return email;
    }
}
