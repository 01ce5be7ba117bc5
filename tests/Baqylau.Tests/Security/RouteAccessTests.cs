using System.Net;
using System.Text.RegularExpressions;
using Baqylau.Incidents;
using Baqylau.Local.Demo;
using Baqylau.Statements;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Baqylau.Tests.Security;

/// <summary>
/// Access, everywhere: every endpoint of the app's own route table (EndpointDataSource) is classified by its path,
/// and each class has an expected answer for anonymous, Author, Editor, Admin and staff of another organisation.
/// A new endpoint under no known prefix fails the test until someone decides its class here.
/// </summary>
[Collection(SecurityWebCollection.Name)]
public partial class RouteAccessTests(BaqylauWebFactory factory)
{
    public enum Access
    {
        /// <summary>Anyone, no account.</summary>
        Public,

        /// <summary>Any signed-in account (own account pages, sign-out).</summary>
        SignedIn,

        /// <summary>Staff (Author, Editor, Admin).</summary>
        Staff,

        /// <summary>Admins only.</summary>
        Admin,

        /// <summary>API writes: a signed-in caller or a token, never anonymous.</summary>
        ApiWrite,

        /// <summary>Second sign-in step: only with the cookie of a correct password step, else back to sign-in.</summary>
        SecondStep,

        /// <summary>Framework plumbing (circuit, static files): no data of ours.</summary>
        Framework,
    }

    // Longest prefix first. Patterns are the route table's raw text, parameters as written.
    private static readonly (string Prefix, Access Access)[] Classes =
    [
        ("/workspace/admin", Access.Admin),
        ("/workspace", Access.Staff),
        ("/account/manage", Access.SignedIn),
        ("/account/logout", Access.Public), // a post with antiforgery; signing out nobody is harmless
        ("/account/login-2fa", Access.SecondStep),
        ("/account/login-recovery", Access.SecondStep),
        ("/account/language", Access.SignedIn),
        ("/account/", Access.Public),
        ("/api/v1/auth", Access.Public),
        ("/api/", Access.Public), // GETs; writes are ApiWrite (by method, below)
        ("/_blazor", Access.Framework),
        ("/_framework", Access.Framework),
        ("/_content", Access.Framework),
        ("/{**path:file}", Access.Framework), // static files fallback
        ("/embed/", Access.Public),
        ("/evidence/", Access.Public),
        ("/media/", Access.Public),
        ("/health/", Access.Public),
        ("/.well-known/", Access.Public), // the mirror's public key
        ("/sitemap.xml", Access.Public),
        ("/robots.txt", Access.Public),
        ("/not-found", Access.Public),
        ("/error", Access.Public),
        ("/{lang}", Access.Public),
        ("/{Lang}", Access.Public),
        ("/", Access.Public),
    ];

    private static bool IsStaticFile(RouteEndpoint e) =>
        e.Metadata.Any(m => m.GetType().Name.Contains("StaticAsset", StringComparison.Ordinal));

    public static Access Classify(RouteEndpoint e)
    {
        var pattern = "/" + e.RoutePattern.RawText!.TrimStart('/');
        if (IsStaticFile(e))
            return Access.Framework;
        var methods = e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? [];
        foreach (var (prefix, access) in Classes)
        {
            var hit = prefix == "/" ? pattern == "/" : pattern.StartsWith(prefix, StringComparison.OrdinalIgnoreCase);
            if (!hit)
                continue;
            if (access == Access.Public && pattern.StartsWith("/api/", StringComparison.Ordinal) && !prefix.StartsWith("/api/v1/auth", StringComparison.Ordinal)
                && methods.Any(m => m is not ("GET" or "HEAD" or "OPTIONS")))
                return Access.ApiWrite;
            return access;
        }

        throw new Xunit.Sdk.XunitException($"Unclassified endpoint {pattern} ({e.DisplayName}): add it to RouteAccessTests.Classes with its expected access.");
    }

    [Fact]
    public void Every_endpoint_is_classified_and_its_authorization_metadata_agrees()
    {
        var endpoints = factory.Endpoints();
        Assert.True(endpoints.Count > 30, $"only {endpoints.Count} endpoints found");
        var problems = new List<string>();
        foreach (var e in endpoints)
        {
            var access = Classify(e);
            var authorize = e.Metadata.GetOrderedMetadata<IAuthorizeData>();
            var anonymous = e.Metadata.GetMetadata<IAllowAnonymous>() is not null;
            var name = e.RoutePattern.RawText;
            switch (access)
            {
                case Access.Staff or Access.Admin or Access.SignedIn or Access.ApiWrite:
                    if (authorize.Count == 0 || anonymous)
                        problems.Add($"{name}: {access} but no authorization requirement");
                    if (access == Access.Admin && !authorize.Any(a => a.Roles?.Contains("Admin", StringComparison.Ordinal) == true || a.Policy?.Contains("Admin", StringComparison.Ordinal) == true))
                        problems.Add($"{name}: admin area without an Admin role or policy");
                    break;
                case Access.Public when authorize.Count > 0 && !anonymous:
                    problems.Add($"{name}: classed public but requires authorization (move it to its class)");
                    break;
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    /// <summary>Fills a route pattern's parameters with values that exist in the demo data.</summary>
    private static string? Fill(string pattern, Dictionary<string, string> values)
    {
        var missing = false;
        var path = Parameter().Replace(pattern, m =>
        {
            var key = m.Groups["name"].Value.ToLowerInvariant();
            if (values.TryGetValue(key, out var v))
                return v;
            missing = true;
            return string.Empty;
        });
        return missing ? null : "/" + path.TrimStart('/');
    }

    [Fact]
    public async Task Every_get_endpoint_answers_each_role_as_its_class_says()
    {
        var (incident, statement) = await factory.WithDbAsync(async db => (
            await db.Incidents.Where(i => i.OrganisationId == DemoIds.ErkindikQanaty).Select(i => i.Id).FirstAsync(),
            await db.Statements.Where(s => s.OrganisationId == DemoIds.ErkindikQanaty).Select(s => s.Id).FirstAsync()));
        var values = new Dictionary<string, string>
        {
            ["lang"] = "kk",
            ["id"] = incident.ToString(),
            ["slug"] = DemoIds.Statement20260708SlugKk,
            ["publicid"] = DemoIds.Statement20260708PublicId,
            ["documentname"] = "v1",
            ["file"] = "does-not-exist.webp",
        };

        var clients = new Dictionary<string, HttpClient>
        {
            ["anonymous"] = factory.Client(),
            ["author"] = await factory.SignedInAsync("author@baqylau.local"),
            ["editor"] = await factory.SignedInAsync("editor@baqylau.local"),
            ["admin"] = await factory.SignedInAsync("admin@baqylau.local"),
            ["author2"] = await factory.SignedInAsync("author2@baqylau.local"),
        };

        var problems = new List<string>();
        var checkedCount = 0;
        foreach (var e in factory.Endpoints())
        {
            var methods = e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods;
            if (methods is not null && !methods.Contains("GET"))
                continue;
            var access = Classify(e);
            if (access == Access.Framework || e.RoutePattern.RawText!.Contains("**", StringComparison.Ordinal))
                continue;
            var raw = e.RoutePattern.RawText!;
            var url = Fill(raw.Contains("statements/{Id", StringComparison.Ordinal) ? raw.Replace("{Id:guid}", statement.ToString(), StringComparison.Ordinal) : raw, values);
            if (url is null)
            {
                problems.Add($"{raw}: no sample value for a parameter (add one to the test)");
                continue;
            }

            checkedCount++;
            foreach (var (who, client) in clients)
            {
                var response = await client.GetAsync(url);
                var status = (int)response.StatusCode;
                var location = response.LocationPath() ?? string.Empty;
                var toSignIn = location.StartsWith("/account/login", StringComparison.Ordinal) || status == 401;
                var denied = location.StartsWith("/account/access-denied", StringComparison.Ordinal) || status is 401 or 403 or 404;
                if (status >= 500)
                    problems.Add($"{url} as {who}: {status}");
                var allowed = access switch
                {
                    Access.Public => true,
                    Access.SignedIn or Access.Staff or Access.ApiWrite => who != "anonymous",
                    Access.Admin => who == "admin",
                    Access.SecondStep => false,
                    _ => true,
                };
                if (allowed && toSignIn)
                    problems.Add($"{url} ({access}) as {who}: sent to sign in");
                if (access == Access.SecondStep && !toSignIn)
                    problems.Add($"{url} without a password step as {who}: {status}, expected sign-in");
                if (access == Access.SecondStep)
                    continue;
                if (!allowed && who == "anonymous" && !toSignIn)
                    problems.Add($"{url} ({access}) as {who}: {status} {location}, expected sign-in");
                if (!allowed && who != "anonymous" && !denied)
                    problems.Add($"{url} ({access}) as {who}: {status}, expected refusal");
            }
        }

        Assert.True(checkedCount > 15, $"only {checkedCount} endpoints checked");
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public async Task Staff_of_another_organisation_never_see_or_change_its_drafts_incidents_internal_parts_or_evidence()
    {
        var (incidentId, incidentTitle, statementId, statementTitle) = await factory.WithDbAsync(async db =>
        {
            var i = await db.Incidents.Include(x => x.Translations)
                .Where(x => x.OrganisationId == DemoIds.ErkindikQanaty && x.Visibility == IncidentVisibility.Internal).FirstAsync();
            var s = await db.Statements.Include(x => x.Translations)
                .Where(x => x.OrganisationId == DemoIds.ErkindikQanaty && x.Status == StatementStatus.Draft).FirstOrDefaultAsync()
                ?? await db.Statements.Include(x => x.Translations).Where(x => x.OrganisationId == DemoIds.ErkindikQanaty).FirstAsync();
            return (i.Id, i.Translations.First().Title, s.Id, s.Translations.First().Title);
        });

        var own = await factory.SignedInAsync("author@baqylau.local");
        var other = await factory.SignedInAsync("author2@baqylau.local");

        // The same URLs: the organisation's own author sees the content, the other organisation's does not.
        var ownIncident = WebUtility.HtmlDecode(await own.GetStringAsync($"/workspace/incidents/{incidentId}"));
        Assert.Contains(incidentTitle, ownIncident, StringComparison.Ordinal);
        var otherIncident = await other.GetAsync($"/workspace/incidents/{incidentId}");
        Assert.True((int)otherIncident.StatusCode < 500);
        Assert.DoesNotContain(incidentTitle, WebUtility.HtmlDecode(await otherIncident.Content.ReadAsStringAsync()), StringComparison.Ordinal);

        var ownStatement = WebUtility.HtmlDecode(await own.GetStringAsync($"/workspace/statements/{statementId}"));
        Assert.Contains(statementTitle, ownStatement, StringComparison.Ordinal);
        var otherStatement = await other.GetAsync($"/workspace/statements/{statementId}");
        Assert.DoesNotContain(statementTitle, WebUtility.HtmlDecode(await otherStatement.Content.ReadAsStringAsync()), StringComparison.Ordinal);

        // Their lists do not name it either.
        Assert.DoesNotContain(incidentTitle, WebUtility.HtmlDecode(await other.GetStringAsync("/workspace/incidents")), StringComparison.Ordinal);
        Assert.DoesNotContain(statementTitle, WebUtility.HtmlDecode(await other.GetStringAsync("/workspace/statements")), StringComparison.Ordinal);

        // Evidence: an evidence row of the first organisation is "not found" for the second, the API never has internal incidents.
        var evidenceId = Guid.CreateVersion7();
        await factory.WithDbAsync(async db =>
        {
            db.EvidenceFiles.Add(new EvidenceFile
            {
                Id = evidenceId,
                IncidentId = incidentId,
                OriginalFileName = "protocol.pdf",
                ContentType = "application/pdf",
                Size = 10,
                Sha256 = new string('0', 64),
                StorageName = "missing-" + Guid.NewGuid().ToString("N"),
            });
            return await db.SaveChangesAsync();
        });
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/workspace/evidence/{evidenceId}")).StatusCode);
        // Its own organisation finds the row but not the file (it was never stored): "not found" too, never a 500.
        Assert.Equal(HttpStatusCode.NotFound, (await own.GetAsync($"/workspace/evidence/{evidenceId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await factory.Client().GetAsync($"/evidence/{evidenceId}.webp")).StatusCode);

        var publicId = await factory.WithDbAsync(db => db.Incidents.Where(i => i.Id == incidentId).Select(i => i.PublicId).SingleAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/v1/incidents/{publicId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await own.GetAsync($"/api/v1/incidents/{publicId}")).StatusCode);

        // Changing through the service layer (what the UI and the API call) is refused as well.
        await using var scope = factory.Services.CreateAsyncScope();
        var service = scope.ServiceProvider.GetRequiredService<IncidentService>();
        var author2 = await factory.WithDbAsync(db => db.Users.Where(u => u.Email == "author2@baqylau.local").Select(u => u.Id).SingleAsync());
        await Assert.ThrowsAnyAsync<Exception>(() => service.GetInternalAsync(new StaffUser(author2, DemoIds.SecondOrganisation, [Baqylau.Accounts.Roles.Editor]), incidentId));
    }

    [Fact]
    public async Task A_draft_photo_is_shown_to_its_organisation_and_admins_and_is_not_found_for_another_organisation()
    {
        var (author, author2) = await factory.WithDbAsync(async db => (
            await db.Users.Where(u => u.Email == "author@baqylau.local").Select(u => u.Id).SingleAsync(),
            await db.Users.Where(u => u.Email == "author2@baqylau.local").Select(u => u.Id).SingleAsync()));
        var authorA = new StaffUser(author, DemoIds.ErkindikQanaty, [Baqylau.Accounts.Roles.Author]);
        var authorB = new StaffUser(author2, DemoIds.SecondOrganisation, [Baqylau.Accounts.Roles.Author]);

        // Uploaded in the editor as the editor does it (stored, then recorded for the uploader's organisation).
        async Task<string> UploadAsync(StaffUser user)
        {
            await using var scope = factory.Services.CreateAsyncScope();
            using var image = new SixLabors.ImageSharp.Image<SixLabors.ImageSharp.PixelFormats.Rgba32>(700, 400);
            await using var png = new MemoryStream();
            await SixLabors.ImageSharp.ImageExtensions.SaveAsPngAsync(image, png);
            png.Position = 0;
            var name = await scope.ServiceProvider.GetRequiredService<StatementPhotoStore>().SaveAsync(png);
            await scope.ServiceProvider.GetRequiredService<StatementPhotoService>().RecordUploadAsync(user, name);
            return name;
        }

        var fresh = await UploadAsync(authorA);
        var clients = new Dictionary<string, HttpClient>
        {
            ["author"] = await factory.SignedInAsync("author@baqylau.local"),
            ["editor"] = await factory.SignedInAsync("editor@baqylau.local"),
            ["admin"] = await factory.SignedInAsync("admin@baqylau.local"),
            ["author2"] = await factory.SignedInAsync("author2@baqylau.local"),
        };

        async Task ExpectAsync(string name, params string[] allowed)
        {
            foreach (var (who, client) in clients)
            {
                foreach (var file in new[] { $"{name}.webp", $"{name}-640.webp" })
                {
                    var response = await client.GetAsync($"/workspace/photos/{file}");
                    var expected = allowed.Contains(who) ? HttpStatusCode.OK : HttpStatusCode.NotFound;
                    Assert.True(expected == response.StatusCode, $"{file} as {who}: {(int)response.StatusCode}, expected {(int)expected}");
                }
            }
        }

        // Used by no statement yet: the uploader's organisation and admins.
        await ExpectAsync(fresh, "author", "editor", "admin");

        // On an organisation's draft: the same, never the other organisation's staff.
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var statements = scope.ServiceProvider.GetRequiredService<StatementService>();
            await statements.CreateAsync(authorA, new StatementContent
            {
                PhotoPath = fresh,
                Translations =
                [
                    new TranslationContent("kk", "Фотосы бар жоба", "Лид", "Мәтін", "Қолтаңба", "Сипаттама"),
                    new TranslationContent("ru", "Черновик с фото", "Лид", "Текст", "Подпись", "Описание"),
                ],
            });

            // Naming another organisation's photo in one's own draft does not make it one's own.
            var theirs = await UploadAsync(authorA);
            var taken = await Assert.ThrowsAsync<ValidationException>(() => statements.CreateAsync(authorB, new StatementContent
            {
                PhotoPath = theirs,
                Translations = [new TranslationContent("ru", "Чужое фото", "", "", null, "Описание")],
            }));
            Assert.Contains(taken.Errors, e => e.Field == StatementFields.Photo);
            await ExpectAsync(theirs, "author", "editor", "admin");
        }

        await ExpectAsync(fresh, "author", "editor", "admin");

        // The other way round: the second organisation's upload is theirs and the admins'.
        await ExpectAsync(await UploadAsync(authorB), "author2", "admin");
    }

    [GeneratedRegex(@"\{\*{0,2}(?<name>[A-Za-z]+)(?::[a-z]+)?\??\}")]
    private static partial Regex Parameter();
}
