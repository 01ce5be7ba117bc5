using Microsoft.Extensions.Localization;

namespace Baqylau.Web.Components.Shared;

/// <summary>The options of a <see cref="ChoiceFilter{T}"/>, from named references or an enum's worded values.</summary>
public static class Choices
{
    public static IEnumerable<(Guid? Value, string Text)> Of(IEnumerable<NamedRef>? refs) =>
        (refs ?? []).Select(r => ((Guid?)r.Id, r.Name));

    /// <summary>Every value of <typeparamref name="TEnum"/>, worded by the key <paramref name="prefix"/> + value.</summary>
    public static IEnumerable<(TEnum? Value, string Text)> Of<TEnum>(IStringLocalizer strings, string prefix)
        where TEnum : struct, Enum =>
        Enum.GetValues<TEnum>().Select(v => ((TEnum?)v, strings[prefix + v].Value));
}
