using Baqylau.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Baqylau.Organisations;

internal sealed class OrganisationConfiguration : IEntityTypeConfiguration<Organisation>
{
    public void Configure(EntityTypeBuilder<Organisation> b)
    {
        b.HasIndex(o => o.Slug).IsUnique();
        b.Property(o => o.Slug).HasMaxLength(100);
        b.Property(o => o.Name).HasJsonConversion();
        b.Property(o => o.ShortName).HasJsonConversion();
        b.Property(o => o.Description).HasJsonConversion();
        b.Property(o => o.Links).HasJsonConversion();
        b.Property(o => o.WebsiteUrl).HasMaxLength(500);
        b.Property(o => o.LogoPath).HasMaxLength(200);
    }
}

internal sealed class OrganisationStanceConfiguration : IEntityTypeConfiguration<OrganisationStance>
{
    public void Configure(EntityTypeBuilder<OrganisationStance> b)
    {
        b.Property(s => s.Reason).HasJsonConversion();
        b.HasIndex(s => new { s.CampaignId, s.OrganisationId, s.DecidedAt });
        b.HasOne(s => s.Organisation).WithMany().HasForeignKey(s => s.OrganisationId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(s => s.Campaign).WithMany().HasForeignKey(s => s.CampaignId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(s => s.Statement).WithMany().HasForeignKey(s => s.StatementId).OnDelete(DeleteBehavior.SetNull);
    }
}
