using Baqylau.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Baqylau.Campaigns;

internal sealed class CampaignConfiguration : IEntityTypeConfiguration<Campaign>
{
    public void Configure(EntityTypeBuilder<Campaign> b)
    {
        b.HasIndex(c => c.Slug).IsUnique();
        b.Property(c => c.Slug).HasMaxLength(100);
        b.Property(c => c.Title).HasJsonConversion();
        b.Property(c => c.Description).HasJsonConversion();
        b.Property(c => c.KeyDates).HasJsonConversion();
        b.Property(c => c.LegalReferences).HasJsonConversion();
        b.HasIndex(c => c.VotingDay);
    }
}
