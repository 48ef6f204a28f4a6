// Which renderer draws the kiosk: an accelerated one only on a real GPU, and the config's
// `renderer` key. (The real renderer strings are Mesa's; x11_test.sh sees the choice under Xvfb,
// whose OpenGL is llvmpipe.)
#include <gtest/gtest.h>

#include <fstream>
#include <string>
#include <variant>

#include "app/app.h"
#include "support/temp_dir.h"

namespace kiosk::app {
namespace {

TEST(RendererTest, MesasCpuRasterizersAreNoGpu) {
  for (const char* cpu : {"llvmpipe (LLVM 15.0.6, 256 bits)", "softpipe", "Mesa swrast"}) {
    EXPECT_TRUE(platform::IsCpuRasterizer(cpu)) << cpu;
  }
  for (const char* gpu :
       {"Mesa Intel(R) UHD Graphics 620 (KBL GT2)",
        "AMD Radeon Vega 8 Graphics (raven, LLVM 15.0.6, DRM 3.49, 6.1.0-13-amd64)",
        "Mali-G52 (Panfrost)", "V3D 4.2", ""}) {
    EXPECT_FALSE(platform::IsCpuRasterizer(gpu)) << gpu;
  }
}

TEST(RendererTest, TheConfigChoosesAutoSoftwareOrAcceleratedAndAnythingElseIsNamed) {
  testing::TempDir temp{"kiosk-renderer-test"};
  const std::string config = (temp / "kiosk.conf").string();
  std::string arg = "--config=" + config;
  char* argv[] = {const_cast<char*>("kiosk"), arg.data()};
  const std::pair<const char*, platform::RendererSetting> settings[] = {
      {"auto", platform::RendererSetting::kAuto},
      {"software", platform::RendererSetting::kSoftware},
      {"accelerated", platform::RendererSetting::kAccelerated}};
  for (const auto& [value, setting] : settings) {
    std::ofstream(config) << "renderer = " << value << "\n";
    std::variant<Options, int> parsed = ParseOptions(2, argv);
    ASSERT_TRUE(std::holds_alternative<Options>(parsed)) << value;
    EXPECT_EQ(std::get<Options>(parsed).renderer, setting) << value;
  }
  std::ofstream(config) << "renderer = opengl\n";
  ::testing::internal::CaptureStderr();
  EXPECT_EQ(std::get<int>(ParseOptions(2, argv)), kExitBadInput);
  const std::string said = ::testing::internal::GetCapturedStderr();
  EXPECT_NE(said.find(config + ":1: renderer: 'opengl' is not auto, software or accelerated"),
            std::string::npos)
      << said;
}

}  // namespace
}  // namespace kiosk::app
