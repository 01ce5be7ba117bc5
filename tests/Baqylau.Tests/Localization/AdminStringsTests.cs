
namespace Baqylau.Tests.Localization;

public class AdminStringsTests
{
    /// <summary>The admin forms word every error their services throw: their own keys and the shared ones they use.</summary>
    [Theory]
    [InlineData("kk")]
    [InlineData("ru")]
    public void Every_error_key_an_admin_service_throws_has_a_text(string lang)
    {
        var keys = ResourceFile.Read("AdminStrings", lang).Keys.ToHashSet(StringComparer.Ordinal);
        var needed = typeof(AdminErrors).GetFields().Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!)
            .Concat([ErrorKeys.Forbidden, ErrorKeys.NotFound, ErrorKeys.Conflict, ErrorKeys.InvalidCharacters, ErrorKeys.OrganisationRequired])
            .ToList();
        Assert.True(needed.Count > 10, $"only {needed.Count} keys found");
        var missing = needed.Where(k => !keys.Contains(k)).ToList();
        Assert.True(missing.Count == 0, lang + " missing: " + string.Join(", ", missing));
    }
}
