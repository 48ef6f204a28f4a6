// The picture cache: one worker decodes, the main thread makes and drops textures.
#include "image/image.h"

namespace kiosk::image {
namespace {

std::size_t BytesOf(const Cache::Shown& shown) {
  return std::size_t(shown.width) * std::size_t(shown.height) * 4;
}

}  // namespace

Cache::Cache(Textures textures, std::function<void()> decoded, std::size_t budgetBytes)
    : m_textures(std::move(textures)),
      m_decoded(std::move(decoded)),
      m_budget(budgetBytes),
      m_worker([this] { Work(); }) {}

Cache::~Cache() {
  {
    std::lock_guard<std::mutex> lock(m_mutex);
    m_stop = true;
  }
  m_wake.notify_all();
  m_worker.join();
  for (auto& [key, entry] : m_entries) {
    if (entry.shown.texture) m_textures.destroy(entry.shown.texture);
  }
}

const Cache::Shown* Cache::Get(const std::string& path, int width, int height) {
  const Key key{path, width, height, m_generation};
  // An entry is made once: a picture that failed is not asked again.
  auto [it, added] = m_entries.try_emplace(key);
  Entry& entry = it->second;
  entry.lastFrame = m_frame;
  if (added) {
    {
      std::lock_guard<std::mutex> lock(m_mutex);
      // The newest asked first: what is on the screen now, not what was flung past.
      m_asked.push_front(key);
      ++m_pending;
    }
    m_wake.notify_one();
  }
  return entry.shown.texture ? &entry.shown : nullptr;
}

void Cache::Clear() {
  for (auto& [key, entry] : m_entries) {
    if (entry.shown.texture) m_textures.destroy(entry.shown.texture);
  }
  m_entries.clear();
  m_bytes = 0;
  ++m_generation;
  std::lock_guard<std::mutex> lock(m_mutex);
  m_pending -= m_asked.size();
  m_asked.clear();
}

bool Cache::Busy() const {
  std::lock_guard<std::mutex> lock(m_mutex);
  return m_pending > 0;
}

void Cache::Collect() {
  std::vector<std::pair<Key, base::Result<Pixels>>> finished;
  {
    std::lock_guard<std::mutex> lock(m_mutex);
    finished.swap(m_finished);
    m_pending -= finished.size();
  }
  for (auto& [key, pixels] : finished) {
    auto it = m_entries.find(key);
    if (it == m_entries.end()) continue;  // let go of while it was decoded
    Entry& entry = it->second;
    if (!pixels) {
      base::Log(base::LogLevel::kError, "picture: %s", pixels.error().c_str());
      continue;
    }
    const Pixels& p = pixels.value();
    Shown shown{nullptr, p.width, p.height};
    MakeRoom(BytesOf(shown));
    shown.texture = m_textures.create(p.width, p.height, p.rgba.data());
    if (!shown.texture) {
      base::Log(base::LogLevel::kError, "picture: %s: no texture of %d×%d could be made",
                key.path.c_str(), p.width, p.height);
      continue;
    }
    entry.shown = shown;
    m_bytes += BytesOf(shown);
  }
  MakeRoom(0);
  ++m_frame;
}

void Cache::MakeRoom(std::size_t bytes) {
  // The least recently shown go first, but never what the last frame showed: a screen that
  // needs more than the budget gets it, and the next screen's pictures push it out.
  while (m_bytes + bytes > m_budget) {
    auto oldest = m_entries.end();
    for (auto it = m_entries.begin(); it != m_entries.end(); ++it) {
      if (!it->second.shown.texture || it->second.lastFrame >= m_frame) continue;
      if (oldest == m_entries.end() || it->second.lastFrame < oldest->second.lastFrame) {
        oldest = it;
      }
    }
    if (oldest == m_entries.end()) return;
    m_bytes -= BytesOf(oldest->second.shown);
    m_textures.destroy(oldest->second.shown.texture);
    m_entries.erase(oldest);
  }
}

void Cache::Work() {
  std::unique_lock<std::mutex> lock(m_mutex);
  while (true) {
    m_wake.wait(lock, [this] { return m_stop || !m_asked.empty(); });
    if (m_stop) return;
    const Key key = m_asked.front();
    m_asked.pop_front();
    lock.unlock();
    base::Result<Pixels> pixels = Decode(key.path, key.width, key.height);
    lock.lock();
    m_finished.emplace_back(key, std::move(pixels));
    lock.unlock();
    m_decoded();
    lock.lock();
  }
}

}  // namespace kiosk::image
