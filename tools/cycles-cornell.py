# Renders Lucent's Cornell box (scenes/cornell-box) with Blender Cycles on the CPU, for the side-by-side timing in
# docs/benchmarks.md ("Against Blender Cycles"):
#
#   blender -b --factory-startup -P tools/cycles-cornell.py -- [--out FILE.png] [--threads 2] [--spp 64]
#
# Scene: the OBJ's vertices and faces as they are (metres, y up: no axis conversion), the camera of
# scenes/cornell-box.json (eye (0.278, 0.273, -0.8) looking along +z, vertical field of view 39.3 degrees),
# 256 x 256 pixels, 64 samples per pixel (adaptive sampling and denoising off), at most 16 bounces of every kind,
# 2 threads. Materials as Lucent reads the .mtl: Kd is the base colour of a Principled BSDF with metallic 0,
# roughness 1 (Ns 0) and specular 0.5 (ior 1.5); the light emits its Ke as radiance, from its front (the side the
# face winding points to) only. Prints "cycles-cornell: render S s, cpu C s" (the render call's wall-clock time,
# as Blender's own "Time:" line counts it without scene set-up, and the CPU time of all the process's threads
# during it) and writes the image.
import math
import os
import sys
import time

import bpy

argv = sys.argv[sys.argv.index("--") + 1:] if "--" in sys.argv else []


def arg(name, default):
    return argv[argv.index(name) + 1] if name in argv else default


root = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
obj_path = os.path.join(root, "scenes", "cornell-box", "cornell-box.obj")
mtl_path = os.path.join(root, "scenes", "cornell-box", "cornell-box.mtl")
out_path = os.path.abspath(arg("--out", "/tmp/cycles-cornell.png"))
threads = int(arg("--threads", "2"))
spp = int(arg("--spp", "64"))


def records(path):
    """The whitespace-separated fields of each non-empty, non-comment line of an OBJ or MTL file."""
    with open(path) as f:
        for line in f:
            p = line.split()
            if p and not p[0].startswith("#"):
                yield p


def read_mtl(path):
    """{name: {"Kd": (r, g, b), "Ke": (r, g, b)}} from a .mtl file."""
    mats, cur = {}, None
    for p in records(path):
        if p[0] == "newmtl":
            cur = mats.setdefault(p[1], {"Kd": (0.8, 0.8, 0.8), "Ke": (0.0, 0.0, 0.0)})
        elif p[0] in ("Kd", "Ke") and cur is not None:
            cur[p[0]] = tuple(float(v) for v in p[1:4])
    return mats


def read_obj(path):
    """(vertices, [(material, [face vertex indices])]) from an OBJ with polygons and usemtl lines."""
    verts, faces, mat = [], [], None
    for p in records(path):
        if p[0] == "v":
            verts.append(tuple(float(v) for v in p[1:4]))
        elif p[0] == "usemtl":
            mat = p[1]
        elif p[0] == "f":
            faces.append((mat, [int(t.split("/")[0]) - 1 for t in p[1:]]))
    return verts, faces


def material(name, m):
    mat = bpy.data.materials.new(name)
    mat.use_nodes = True
    nodes, links = mat.node_tree.nodes, mat.node_tree.links
    nodes.clear()
    out = nodes.new("ShaderNodeOutputMaterial")
    if any(m["Ke"]):
        # Front-facing emission only: strength = 1 - backfacing.
        em = nodes.new("ShaderNodeEmission")
        em.inputs["Color"].default_value = (*m["Ke"], 1.0)
        geo = nodes.new("ShaderNodeNewGeometry")
        inv = nodes.new("ShaderNodeMath")
        inv.operation = "SUBTRACT"
        inv.inputs[0].default_value = 1.0
        links.new(geo.outputs["Backfacing"], inv.inputs[1])
        links.new(inv.outputs[0], em.inputs["Strength"])
        links.new(em.outputs[0], out.inputs["Surface"])
    else:
        bsdf = nodes.new("ShaderNodeBsdfPrincipled")
        bsdf.inputs["Base Color"].default_value = (*m["Kd"], 1.0)
        bsdf.inputs["Metallic"].default_value = 0.0
        bsdf.inputs["Roughness"].default_value = 1.0
        bsdf.inputs["Specular"].default_value = 0.5
        links.new(bsdf.outputs[0], out.inputs["Surface"])
    return mat


bpy.ops.wm.read_factory_settings(use_empty=True)
scene = bpy.context.scene

mats = read_mtl(mtl_path)
verts, faces = read_obj(obj_path)
mesh = bpy.data.meshes.new("cornell-box")
mesh.from_pydata(verts, [], [f for _, f in faces])
names = sorted({m for m, _ in faces})
for n in names:
    mesh.materials.append(material(n, mats[n]))
for poly, (m, _) in zip(mesh.polygons, faces):
    poly.material_index = names.index(m)
mesh.update()
scene.collection.objects.link(bpy.data.objects.new("cornell-box", mesh))

cam_data = bpy.data.cameras.new("front")
cam_data.sensor_fit = "VERTICAL"
cam_data.angle = math.radians(39.3)
cam = bpy.data.objects.new("front", cam_data)
cam.location = (0.278, 0.273, -0.8)
# A Blender camera looks along its local -z with +y up; turning it 180 degrees about y makes it look along +z
# with +y up, image right = -x, as Lucent's look-at camera does.
cam.rotation_euler = (0.0, math.pi, 0.0)
scene.collection.objects.link(cam)
scene.camera = cam

world = bpy.data.worlds.new("black")
world.use_nodes = True
world.node_tree.nodes["Background"].inputs["Strength"].default_value = 0.0
scene.world = world

scene.render.engine = "CYCLES"
cy = scene.cycles
cy.device = "CPU"
cy.samples = spp
cy.use_adaptive_sampling = False
cy.use_denoising = False
cy.max_bounces = 16
cy.diffuse_bounces = 16
cy.glossy_bounces = 16
cy.transmission_bounces = 16
cy.volume_bounces = 16
cy.transparent_max_bounces = 16
scene.render.threads_mode = "FIXED"
scene.render.threads = threads
scene.render.resolution_x = 256
scene.render.resolution_y = 256
scene.render.resolution_percentage = 100
scene.render.image_settings.file_format = "PNG"
scene.render.filepath = out_path

t0, c0 = time.perf_counter(), time.process_time()
bpy.ops.render.render(write_still=True)
print("cycles-cornell: render %.3f s, cpu %.3f s, %d threads, %d spp, 256x256 -> %s"
      % (time.perf_counter() - t0, time.process_time() - c0, threads, spp, out_path))
