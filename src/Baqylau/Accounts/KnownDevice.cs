using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Baqylau.Accounts;

/// <summary>
/// A browser an account has signed in from: a hash of the account id and a random id kept in that browser's cookie.
/// Nothing about the device itself (address, user agent) is stored; a sign-in from a browser not in the list gets a
/// notice by e-mail.
/// </summary>
public sealed class KnownDevice
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid UserId { get; set; }

    /// <summary>Hex SHA-256 of the account id and the browser's device id.</summary>
    public string Hash { get; set; } = string.Empty;

    public DateTimeOffset FirstSeenAt { get; set; }

    public DateTimeOffset LastSeenAt { get; set; }
}

internal sealed class KnownDeviceConfiguration : IEntityTypeConfiguration<KnownDevice>
{
    public void Configure(EntityTypeBuilder<KnownDevice> b)
    {
        b.Property(d => d.Hash).HasMaxLength(64);
        b.HasIndex(d => new { d.UserId, d.Hash }).IsUnique();
        b.HasOne<BaqylauUser>().WithMany().HasForeignKey(d => d.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
