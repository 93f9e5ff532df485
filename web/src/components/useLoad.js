// A screen's load cycle: loading, the data, and the error if any, with a reload function.
import { ref } from 'vue'

export function useLoad(fn) {
  const loading = ref(true)
  const error = ref(null)
  const data = ref(null)
  async function reload() {
    loading.value = true
    error.value = null
    try {
      data.value = await fn()
    } catch (e) {
      error.value = e
    } finally {
      loading.value = false
    }
  }
  reload()
  return { loading, error, data, reload }
}
