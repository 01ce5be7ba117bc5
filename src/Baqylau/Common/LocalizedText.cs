using System.Text.Json;
using System.Text.Json.Serialization;
using Baqylau.Localization;

namespace Baqylau.Common;

/// <summary>
/// A short bilingual value (a name, a reason). Stored as one jsonb object keyed by language,
/// so a third language is data, not a migration.
/// </summary>
[JsonConverter(typeof(LocalizedTextJsonConverter))]
public sealed class LocalizedText : IEquatable<LocalizedText>
{
    private readonly SortedDictionary<string, string> _values = new(StringComparer.Ordinal);

    public LocalizedText()
    {
    }

    public LocalizedText(string kk, string ru)
    {
        Set(Cultures.Kazakh, kk);
        Set(Cultures.Russian, ru);
    }

    public IReadOnlyDictionary<string, string> Values => _values;

    public string Kk => this[Cultures.Kazakh];

    public string Ru => this[Cultures.Russian];

    public string this[string lang] => _values.TryGetValue(lang, out var v) ? v : string.Empty;

    public bool Has(string lang) => _values.TryGetValue(lang, out var v) && !string.IsNullOrWhiteSpace(v);

    public bool IsEmpty => _values.Values.All(string.IsNullOrWhiteSpace);

    /// <summary>The text in <paramref name="lang"/>, else in the other language, so a page never shows a blank name.</summary>
    public string In(string lang) => Has(lang) ? _values[lang] : this[Cultures.Other(lang)];

    public void Set(string lang, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
            _values.Remove(lang);
        else
            _values[lang] = value.Trim();
    }

    public LocalizedText Clone()
    {
        var copy = new LocalizedText();
        foreach (var (k, v) in _values)
            copy._values[k] = v;
        return copy;
    }

    public string ToJson() => JsonSerializer.Serialize(_values);

    public static LocalizedText FromJson(string? json)
    {
        var text = new LocalizedText();
        if (string.IsNullOrEmpty(json))
            return text;
        var values = JsonSerializer.Deserialize<Dictionary<string, string>>(json);
        if (values is not null)
        {
            foreach (var (k, v) in values)
                text.Set(k, v);
        }

        return text;
    }

    public bool Equals(LocalizedText? other) => other is not null && _values.SequenceEqual(other._values);

    public override bool Equals(object? obj) => Equals(obj as LocalizedText);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var (k, v) in _values)
        {
            hash.Add(k);
            hash.Add(v);
        }

        return hash.ToHashCode();
    }

    public override string ToString() => ToJson();
}

/// <summary>Writes <see cref="LocalizedText"/> as a plain {"kk": …, "ru": …} object.</summary>
public sealed class LocalizedTextJsonConverter : JsonConverter<LocalizedText>
{
    public override LocalizedText Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var values = JsonSerializer.Deserialize<Dictionary<string, string?>>(ref reader, options) ?? [];
        var text = new LocalizedText();
        foreach (var (k, v) in values)
            text.Set(k, v);
        return text;
    }

    public override void Write(Utf8JsonWriter writer, LocalizedText value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        foreach (var (k, v) in value.Values)
            writer.WriteString(k, v);
        writer.WriteEndObject();
    }
}
