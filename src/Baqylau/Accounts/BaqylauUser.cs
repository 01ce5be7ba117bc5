using Baqylau.Common;
using Baqylau.Organisations;
using Microsoft.AspNetCore.Identity;

namespace Baqylau.Accounts;

public static class Roles
{
    public const string Admin = "Admin";
    public const string Editor = "Editor";
    public const string Author = "Author";

    public static IReadOnlyList<string> All { get; } = [Admin, Editor, Author];

    /// <summary>Roles that must have a second factor before they reach the workspace.</summary>
    public static IReadOnlyList<string> RequiringTwoFactor { get; } = [Admin, Editor];
}

/// <summary>A staff account. Never deleted: deactivated, so the audit trail stays readable.</summary>
public sealed class BaqylauUser : IdentityUser<Guid>
{
    public BaqylauUser()
    {
        Id = Guid.CreateVersion7();
        SecurityStamp = Guid.NewGuid().ToString();
    }

    /// <summary>Null only for platform-wide admins.</summary>
    public Guid? OrganisationId { get; set; }

    public Organisation? Organisation { get; set; }

    [PersonalData]
    public string DisplayName { get; set; } = string.Empty;

    /// <summary>Workspace language: "kk" or "ru".</summary>
    public string PreferredCulture { get; set; } = "kk";

    public bool IsActive { get; set; } = true;

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>
    /// The last TOTP time step (Unix seconds / 30) whose code was accepted: a code is accepted once, and never one of
    /// an earlier step after it (ASVS 2.8.4). Written by a conditional UPDATE, so two requests cannot both use one code.
    /// </summary>
    public long? LastTotpStep { get; set; }
}

public sealed class BaqylauRole : IdentityRole<Guid>
{
    public BaqylauRole()
    {
        Id = Guid.CreateVersion7();
    }

    public BaqylauRole(string name)
        : this()
    {
        Name = name;
        NormalizedName = name.ToUpperInvariant();
    }
}
