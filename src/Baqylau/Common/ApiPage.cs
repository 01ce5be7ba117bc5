namespace Baqylau.Common;

/// <summary>A page of an API list: the rows, how many match in all, and the URL of the next page (null on the last).</summary>
public sealed record ApiPage<T>(IReadOnlyList<T> Items, int Total, string? Next);

/// <summary>A slug or code with its name by language.</summary>
public sealed record TermDto(string Key, IReadOnlyDictionary<string, string> Name)
{
    public static TermDto From(string key, LocalizedText name) => new(key, name.Values);
}
