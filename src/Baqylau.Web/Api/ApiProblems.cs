using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Baqylau.Localization;
using Baqylau.Statements;
using Baqylau.Web.Localization;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Baqylau.Web.Api;

/// <summary>
/// RFC 7807 problems of the write API, in the caller's language (Accept-Language): each carries a localised
/// title, a machine-readable <c>code</c>, and for validation the workspace's own messages per field.
/// </summary>
public static class ApiProblems
{
    /// <summary>Strict reading: an unknown property or an enum value as a number is a mistake to report, not to ignore.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        Encoder = JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All),
    };

    /// <summary>
    /// Challenges run in the authorization middleware, before request localisation: pick the language the
    /// same way (cookie, then Accept-Language) so a 401 speaks it too.
    /// </summary>
    public static void EnsureCulture(HttpContext context)
    {
        if (context.Features.Get<IRequestCultureFeature>()?.RequestCulture is { } requestCulture)
        {
            CultureInfo.CurrentCulture = requestCulture.Culture;
            CultureInfo.CurrentUICulture = requestCulture.UICulture;
            return;
        }

        var culture = Cultures.Get(LocalizationSetup.PreferredLanguage(context.Request));
        CultureInfo.CurrentCulture = culture;
        CultureInfo.CurrentUICulture = culture;
    }

    public static Task WriteAsync(HttpContext context, int status, string key)
    {
        EnsureCulture(context);
        var F = context.RequestServices.GetRequiredService<IStringLocalizer<FieldStrings>>();
        return Problem(status, key, F[key]).ExecuteAsync(context);
    }

    public static IResult Problem(int status, string code, string title, string? detail = null, IDictionary<string, object?>? extensions = null)
    {
        var problem = new ProblemDetails { Status = status, Title = title, Detail = detail };
        problem.Extensions["code"] = code;
        if (extensions is not null)
        {
            foreach (var (k, v) in extensions)
                problem.Extensions[k] = v;
        }

        return TypedResults.Problem(problem);
    }

    /// <summary>400 with every field's problem, worded as the workspace words them.</summary>
    public static IResult Validation(IReadOnlyList<ValidationError> errors, IStringLocalizer W, IStringLocalizer F)
    {
        var byField = errors
            .GroupBy(e => ApiField(e))
            .ToDictionary(g => g.Key, g => g.Select(e => ValidationMessages.Format(W, e)).Distinct().ToArray());
        return TypedResults.ValidationProblem(
            byField,
            title: F["Api_Validation"],
            extensions: new Dictionary<string, object?>
            {
                ["code"] = "validation",
                ["codes"] = errors.Select(e => new { field = ApiField(e), code = e.Key }).ToList(),
            });
    }

    /// <summary>The JSON path of the field an error names: "title.kk", "category", "sources.url" …</summary>
    public static string ApiField(ValidationError e)
    {
        var name = e.Field is null ? "body" : e.Field.StartsWith("Field_", StringComparison.Ordinal) ? e.Field["Field_".Length..] : e.Field;
        name = name switch
        {
            "SourceUrl" => "sources.url",
            "SourceTitle" => "sources.title",
            "ArchiveUrl" => "sources.archiveUrl",
            "Related" => "related",
            _ => char.ToLowerInvariant(name[0]) + name[1..],
        };
        // "body" for a field-less error would clash with the statement's Body: call it the request.
        if (e.Field is null)
            name = "request";
        return e.Lang is null ? name : $"{name}.{e.Lang}";
    }

    /// <summary>Reads a JSON body strictly; a broken body is a localised 400 that names where it broke, never a 500.</summary>
    public static async Task<(T? Value, IResult? Error)> ReadJsonAsync<T>(HttpContext context, IStringLocalizer F)
        where T : class
    {
        if (!context.Request.HasJsonContentType())
            return (null, Problem(StatusCodes.Status415UnsupportedMediaType, "Api_JsonRequired", F["Api_JsonRequired"]));
        try
        {
            var value = await JsonSerializer.DeserializeAsync<T>(context.Request.Body, Json, context.RequestAborted);
            return value is null
                ? (null, Problem(StatusCodes.Status400BadRequest, "Api_BodyRequired", F["Api_BodyRequired"]))
                : (value, null);
        }
        catch (JsonException ex)
        {
            var where = string.IsNullOrEmpty(ex.Path) ? "$" : ex.Path;
            return (null, Problem(StatusCodes.Status400BadRequest, "Api_InvalidJson", F["Api_InvalidJson"],
                string.Format(CultureInfo.CurrentCulture, F["Api_InvalidJsonAt"], where, (ex.LineNumber ?? 0) + 1)));
        }
    }
}

/// <summary>One wording of a validation error for the workspace editors and the API: "Қазақша · Тақырып: …".</summary>
public static class ValidationMessages
{
    public static string Format(IStringLocalizer W, ValidationError e)
    {
        var field = e.Field is null ? string.Empty : W[e.Field].Value;
        var text = string.Format(CultureInfo.CurrentCulture, W[e.Key], field, e.Limit);
        return e.Lang is null ? text : $"{W[$"Lang_{e.Lang}"]} · {text}";
    }
}
