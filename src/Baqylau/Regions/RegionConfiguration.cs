using Baqylau.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Baqylau.Regions;

internal sealed class RegionConfiguration : IEntityTypeConfiguration<Region>
{
    public void Configure(EntityTypeBuilder<Region> b)
    {
        b.Property(r => r.Id).ValueGeneratedNever();
        b.HasIndex(r => r.Code).IsUnique();
        b.Property(r => r.Code).HasMaxLength(50);
        b.Property(r => r.Name).HasJsonConversion();
        b.HasData(KazakhstanRegions.All);
    }
}
