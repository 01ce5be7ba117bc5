using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Baqylau.Accounts;

internal sealed class BaqylauUserConfiguration : IEntityTypeConfiguration<BaqylauUser>
{
    public void Configure(EntityTypeBuilder<BaqylauUser> b)
    {
        b.Property(u => u.DisplayName).HasMaxLength(200);
        b.Property(u => u.PreferredCulture).HasMaxLength(8);
        // Written only by the one-time TOTP check's conditional UPDATE: Identity's UpdateAsync writes every column of
        // the user it loaded, and a stale value written back would make a used code valid again.
        var lastStep = b.Property(u => u.LastTotpStep).Metadata;
        lastStep.SetBeforeSaveBehavior(Microsoft.EntityFrameworkCore.Metadata.PropertySaveBehavior.Ignore);
        lastStep.SetAfterSaveBehavior(Microsoft.EntityFrameworkCore.Metadata.PropertySaveBehavior.Ignore);
        b.HasOne(u => u.Organisation).WithMany().HasForeignKey(u => u.OrganisationId).OnDelete(DeleteBehavior.Restrict);
    }
}
