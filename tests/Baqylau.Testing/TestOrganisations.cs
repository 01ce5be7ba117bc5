using Baqylau.Common;
using Baqylau.Organisations;

namespace Baqylau.Testing;

/// <summary>Organisations the tests create again and again.</summary>
public static class TestOrganisations
{
    /// <summary>A new organisation with a slug no other test uses (tests share databases within a class).</summary>
    public static Organisation New(string slugPrefix, string nameKk = "Ұйым", string nameRu = "Организация") =>
        new() { Slug = slugPrefix + "-" + ShortId.New(8), Name = new LocalizedText(nameKk, nameRu) };
}

/// <summary>
/// A fresh database with two organisations, A and B (short names too), for workspace service tests that check one
/// organisation's staff against the other's content.
/// </summary>
public class TwoOrganisationsFixture : DatabaseFixture
{
    public Guid OrgA { get; } = Guid.CreateVersion7();

    public Guid OrgB { get; } = Guid.CreateVersion7();

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await using var db = CreateContext();
        db.Organisations.AddRange(
            new Organisation { Id = OrgA, Slug = "org-a", Name = new LocalizedText("А ұйымы", "Организация А"), ShortName = new LocalizedText("А", "А") },
            new Organisation { Id = OrgB, Slug = "org-b", Name = new LocalizedText("Б ұйымы", "Организация Б"), ShortName = new LocalizedText("Б", "Б") });
        await db.SaveChangesAsync();
    }
}
