using System.Reflection;
using Baqylau.Auditing;
using Baqylau.Web.Auditing;

namespace Baqylau.Tests.Auditing;

/// <summary>
/// Every entity and field the audit interceptor records (read from the EF model) has a name in Kazakh and Russian, and
/// every value of every enum it stores has a word: a new entity, column or enum value fails here until it is named.
/// </summary>
public sealed class AuditNamesTests : IDisposable
{
    private readonly System.Globalization.CultureInfo _ui = System.Globalization.CultureInfo.CurrentUICulture;
    private readonly System.Globalization.CultureInfo _culture = System.Globalization.CultureInfo.CurrentCulture;

    public void Dispose()
    {
        System.Globalization.CultureInfo.CurrentUICulture = _ui;
        System.Globalization.CultureInfo.CurrentCulture = _culture;
    }

    // Entries written by hand rather than by the interceptor (AuditNotes, the API sign-in).
    private static readonly string[] NoteEntityTypes = [AuditLogQueries.AuditLogEntity, "ApiToken"];

    [Theory]
    [InlineData("kk")]
    [InlineData("ru")]
    public void Every_audited_entity_and_field_has_a_name(string lang)
    {
        var keys = ResourceFile.Read("AuditStrings", lang).Where(p => p.Value.Trim().Length > 0).Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
        var schema = AuditPresenterTests.Schema;
        var entities = schema.EntityTypes.ToList();
        // The model is read, not guessed: the entities the log is mostly about are there, and the link tables too.
        Assert.Contains("Campaign", entities);
        Assert.Contains("IdentityUserRole`1", entities);
        Assert.Contains("IncidentStatements", entities);
        Assert.DoesNotContain(nameof(AuditEntry), entities);
        Assert.True(entities.Count >= 20, $"only {entities.Count} audited entity types");

        var missing = new List<string>();
        var fields = 0;
        foreach (var entity in entities.Concat(NoteEntityTypes))
        {
            if (!keys.Contains(AuditPresenter.EntityKey(entity)))
                missing.Add(AuditPresenter.EntityKey(entity));
            foreach (var field in schema.FieldsOf(entity).Keys)
            {
                fields++;
                if (!AuditPresenter.FieldKeys(entity, field).Any(keys.Contains))
                    missing.Add(AuditPresenter.FieldKeys(entity, field).Last() + $" ({entity})");
            }
        }

        Assert.True(fields >= 150, $"only {fields} audited fields");
        Assert.True(missing.Count == 0, $"{lang} lacks: {string.Join(", ", missing.Distinct())}");
    }

    [Theory]
    [InlineData("kk")]
    [InlineData("ru")]
    public void Every_value_of_every_stored_enum_has_a_word(string lang)
    {
        var presenter = AuditPresenterTests.Presenter(lang);
        var schema = AuditPresenterTests.Schema;
        var types = schema.EntityTypes.SelectMany(e => schema.FieldsOf(e).Values).SelectMany(StoredTypes).Append(typeof(AuditAction))
            .Select(t => Nullable.GetUnderlyingType(t) ?? t).Where(t => t.IsEnum).Distinct().ToList();
        Assert.True(types.Count >= 8, $"only {types.Count} enums: {string.Join(", ", types.Select(t => t.Name))}");

        var missing = types.SelectMany(t => Enum.GetValues(t).Cast<Enum>()).Where(v => presenter.EnumName(v) is null).Select(v => $"{v.GetType().Name}.{v}").ToList();
        Assert.True(missing.Count == 0, $"{lang} lacks: {string.Join(", ", missing)}");
    }

    // A field's type, and for a stored list (key dates, corrections) the types of its elements' properties.
    private static IEnumerable<Type> StoredTypes(Type type)
    {
        yield return type;
        var element = type.IsGenericType && type.GetGenericTypeDefinition() == typeof(List<>) ? type.GetGenericArguments()[0] : null;
        if (element is null || element == typeof(string))
            yield break;
        foreach (var p in element.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            yield return p.PropertyType;
    }
}
